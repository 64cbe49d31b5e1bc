package xpmfake

import (
	"sync"
	"time"
)

// Clock is the fake's notion of "now". It drives token expiry, modified times and
// rate-limit windows, and can be moved so 30-minute, 24-hour and 60-day rules test in
// milliseconds. It follows its base clock (real time, or Config.Now) plus an offset.
type Clock struct {
	mu     sync.Mutex
	base   func() time.Time
	offset time.Duration
}

func newClock(base func() time.Time) *Clock {
	if base == nil {
		base = time.Now
	}
	return &Clock{base: base}
}

// Now returns the fake's current time in UTC.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base().Add(c.offset).UTC()
}

// Advance moves the clock forward by d (backwards when d is negative).
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

// Set makes Now return t at this instant; time keeps flowing from there if the base does.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.offset = t.Sub(c.base())
	c.mu.Unlock()
}
