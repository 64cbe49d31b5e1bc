//go:build !unix

package app

import "time"

// processorTime is not measured here (the start-up probe is run on Linux).
func processorTime() time.Duration { return -1 }
