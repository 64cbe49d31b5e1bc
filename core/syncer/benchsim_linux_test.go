package syncer_test

import (
	"syscall"
	"testing"

	"xpmsync/core/syncer"
)

// startPractice runs the benchmark practice in xpmsim, which ends with the test binary
// however it ends (the kernel sends it SIGKILL).
func startPractice(_ *testing.B, clients int) (syncer.API, error) {
	return startSim(clients, &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL})
}

// settleDisk writes every dirty page out (sync(2)) so the next op starts on a quiet disk.
func settleDisk() { syscall.Sync() }
