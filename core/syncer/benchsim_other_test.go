//go:build !linux

package syncer_test

import (
	"testing"

	"xpmsync/core/syncer"
	"xpmsync/core/xpmfake"
)

// startPractice runs the benchmark practice in this process: without Linux's parent-death
// signal a separate xpmsim could outlive an interrupted run, and peak RSS is only measured on
// Linux anyway.
func startPractice(b *testing.B, clients int) (syncer.API, error) {
	_, api := startFake(keepTB{b}, xpmfake.Config{Clients: clients, Seed: 2026, PMModule: true, DisableRateLimits: true})
	return api, nil
}

// keepTB lends startFake a benchmark's failures but not its cleanups: the fake outlives it.
type keepTB struct{ testing.TB }

func (keepTB) Cleanup(func()) {}

// settleDisk is a no-op here: the figures quoted come from Linux.
func settleDisk() {}
