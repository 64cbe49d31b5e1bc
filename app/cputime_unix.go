//go:build unix

package app

import (
	"syscall"
	"time"
)

// processorTime is the processor time (user + system) the process has used so far, or -1.
func processorTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return -1
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
