package demo

import (
	"sync"
	"time"

	"xpmsync/core/schedule"
)

// Clock is the demo's sense of time: simulated while the history is built, the wall clock
// before and after. Give Clock.Now to the store (store.SetClock) before anything else reads it,
// so every part that stamps times agrees with the engine while the history is built.
type Clock struct {
	mu  sync.RWMutex
	sim *schedule.FakeClock
}

// NewClock starts on the wall clock.
func NewClock() *Clock { return &Clock{} }

// Now is the simulated time while a history is being built, else the wall clock (UTC).
func (c *Clock) Now() time.Time {
	c.mu.RLock()
	sim := c.sim
	c.mu.RUnlock()
	if sim == nil {
		return time.Now().UTC()
	}
	return sim.Now().UTC()
}

// simulate switches to a simulated clock starting at start.
func (c *Clock) simulate(start time.Time) *schedule.FakeClock {
	sim := schedule.NewFakeClock(start)
	c.mu.Lock()
	c.sim = sim
	c.mu.Unlock()
	return sim
}

// live goes back to the wall clock.
func (c *Clock) live() {
	c.mu.Lock()
	c.sim = nil
	c.mu.Unlock()
}
