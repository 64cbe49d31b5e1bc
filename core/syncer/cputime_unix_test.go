//go:build unix

package syncer_test

import (
	"syscall"
	"time"
)

// cpuTime is the processor time (user + system) this process has used so far. On a machine
// shared with other work wall-clock times swing widely; the processor time a sync costs does not,
// so the benchmarks report it beside their wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
