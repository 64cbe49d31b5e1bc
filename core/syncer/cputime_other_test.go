//go:build !unix

package syncer_test

import "time"

// cpuTime is not measured here: the benchmarks report 0 processor seconds.
func cpuTime() time.Duration { return 0 }
