package schedule

import (
	"sort"
	"sync"
	"time"
)

// Clock is the scheduler's sense of time; tests swap in a FakeClock to run hours in
// milliseconds.
type Clock interface {
	Now() time.Time
	NewTimer(d time.Duration) Timer
}

// Timer fires once on C unless stopped first.
type Timer interface {
	C() <-chan time.Time
	Stop() bool
}

// RealClock is the wall clock.
type RealClock struct{}

// Now is time.Now.
func (RealClock) Now() time.Time { return time.Now() }

// NewTimer is time.NewTimer.
func (RealClock) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (r realTimer) C() <-chan time.Time { return r.t.C }
func (r realTimer) Stop() bool          { return r.t.Stop() }

// FakeClock is a Clock that moves only when told. Timers fire as Advance passes their time.
type FakeClock struct {
	mu      sync.Mutex
	now     time.Time
	timers  []*fakeTimer
	changed chan struct{} // closed and replaced whenever a timer is added
}

// NewFakeClock starts a fake clock at t.
func NewFakeClock(t time.Time) *FakeClock {
	return &FakeClock{now: t, changed: make(chan struct{})}
}

// Now is the fake time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// NewTimer registers a timer that fires once the fake time reaches now+d.
func (c *FakeClock) NewTimer(d time.Duration) Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{c: c, at: c.now.Add(d), ch: make(chan time.Time, 1)}
	if d <= 0 {
		t.ch <- c.now
		return t
	}
	c.timers = append(c.timers, t)
	close(c.changed)
	c.changed = make(chan struct{})
	return t
}

// Advance moves the clock on by d, firing every timer that falls due on the way.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setLocked(c.now.Add(d))
}

func (c *FakeClock) setLocked(t time.Time) {
	c.now = t
	keep := c.timers[:0]
	for _, tm := range c.timers {
		if !tm.at.After(t) {
			tm.ch <- t
			continue
		}
		keep = append(keep, tm)
	}
	c.timers = keep
}

// idleWait is how long WaitForTimer waits for the scheduler to go idle. It only bounds a
// failure: a loaded machine (race detector, parallel packages) can take seconds to finish a
// sync between two timers, and a short wait there reported a healthy scheduler as stuck.
const idleWait = 15 * time.Second

// WaitForTimer blocks until someone waits on a timer (the scheduler is idle) and returns the
// earliest deadline; false if none appeared within idleWait of real time.
func (c *FakeClock) WaitForTimer() (time.Time, bool) {
	deadline := time.After(idleWait)
	for {
		c.mu.Lock()
		if len(c.timers) > 0 {
			sort.Slice(c.timers, func(i, j int) bool { return c.timers[i].at.Before(c.timers[j].at) })
			at := c.timers[0].at
			c.mu.Unlock()
			return at, true
		}
		ch := c.changed
		c.mu.Unlock()
		select {
		case <-ch:
		case <-deadline:
			return time.Time{}, false
		}
	}
}

// Step waits until a timer is pending and moves the clock to it (no further than limit),
// returning the new time; false when nothing waited.
func (c *FakeClock) Step(limit time.Time) (time.Time, bool) {
	at, ok := c.WaitForTimer()
	if !ok {
		return c.Now(), false
	}
	if at.After(limit) {
		at = limit
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if at.After(c.now) {
		c.setLocked(at)
	}
	return c.now, true
}

type fakeTimer struct {
	c  *FakeClock
	at time.Time
	ch chan time.Time
}

func (t *fakeTimer) C() <-chan time.Time { return t.ch }

func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	for i, tm := range t.c.timers {
		if tm == t {
			t.c.timers = append(t.c.timers[:i], t.c.timers[i+1:]...)
			return true
		}
	}
	return false
}
