package xpm

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Xero's documented per-tenant ceilings.
const (
	DefaultConcurrent = 5
	DefaultPerMinute  = 60
)

// LimiterConfig sets the proactive per-tenant budget. Zero values take Xero's ceilings.
type LimiterConfig struct {
	Concurrent int           // requests in flight per tenant (0 = 5)
	PerMinute  int           // requests started per Window per tenant (0 = 60, <0 = unlimited)
	Window     time.Duration // length of the rolling window (0 = one minute; tests shorten it)
}

// Allowance is the last rate budget Xero reported for a tenant, for the UI.
type Allowance struct {
	MinuteRemaining int // -1 = not seen yet
	DayRemaining    int // -1 = not seen yet
	At              time.Time
}

// Limiter keeps each tenant under Xero's limits before the gateway has to refuse: at most
// Concurrent requests in flight and PerMinute started per rolling window. Share one Limiter
// between every Client that talks to the same tenant.
type Limiter struct {
	cfg     LimiterConfig
	mu      sync.Mutex
	tenants map[string]*tenantBudget
}

type tenantBudget struct {
	slots       chan struct{}
	starts      []time.Time // start times inside the current window, oldest first
	pausedUntil time.Time
	dayBlock    *RateLimitError // set by a day-limit 429 until it passes
	allowance   Allowance
}

// NewLimiter makes a Limiter; zero fields of cfg take Xero's limits.
func NewLimiter(cfg LimiterConfig) *Limiter {
	if cfg.Concurrent <= 0 {
		cfg.Concurrent = DefaultConcurrent
	}
	if cfg.PerMinute == 0 {
		cfg.PerMinute = DefaultPerMinute
	}
	if cfg.Window <= 0 {
		cfg.Window = time.Minute
	}
	return &Limiter{cfg: cfg, tenants: map[string]*tenantBudget{}}
}

func (l *Limiter) tenant(id string) *tenantBudget {
	l.mu.Lock()
	defer l.mu.Unlock()
	t, ok := l.tenants[id]
	if !ok {
		t = &tenantBudget{slots: make(chan struct{}, l.cfg.Concurrent), allowance: Allowance{MinuteRemaining: -1, DayRemaining: -1}}
		l.tenants[id] = t
	}
	return t
}

// Acquire waits for an in-flight slot and a place in the rolling window (and for any pause a
// 429 imposed), then returns the function that frees the slot.
func (l *Limiter) Acquire(ctx context.Context, tenant string) (release func(), err error) {
	t := l.tenant(tenant)
	select {
	case t.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release = func() { <-t.slots }
	if rl := l.dayBlocked(t); rl != nil {
		release()
		return nil, rl
	}
	for {
		wait := l.reserve(t)
		if wait <= 0 {
			return release, nil
		}
		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			release()
			return nil, ctx.Err()
		}
	}
}

// reserve records a start if the budget allows one now, else says how long to wait.
func (l *Limiter) reserve(t *tenantBudget) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if now.Before(t.pausedUntil) {
		return t.pausedUntil.Sub(now)
	}
	if l.cfg.PerMinute > 0 {
		cut := now.Add(-l.cfg.Window)
		i := 0
		for i < len(t.starts) && !t.starts[i].After(cut) {
			i++
		}
		t.starts = t.starts[i:]
		if len(t.starts) >= l.cfg.PerMinute {
			return t.starts[0].Add(l.cfg.Window).Sub(now) + time.Millisecond
		}
		t.starts = append(t.starts, now)
	}
	return 0
}

// Pause holds every request for the tenant until the given time (after a 429).
func (l *Limiter) Pause(tenant string, until time.Time) {
	t := l.tenant(tenant)
	l.mu.Lock()
	defer l.mu.Unlock()
	if until.After(t.pausedUntil) {
		t.pausedUntil = until
	}
}

// BlockDay makes every request for the tenant fail fast with err until err.Until: after a
// day-limit 429 there is no point asking again.
func (l *Limiter) BlockDay(tenant string, err *RateLimitError) {
	t := l.tenant(tenant)
	l.mu.Lock()
	defer l.mu.Unlock()
	t.dayBlock = err
}

func (l *Limiter) dayBlocked(t *tenantBudget) *RateLimitError {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t.dayBlock == nil {
		return nil
	}
	left := time.Until(t.dayBlock.Until)
	if left <= 0 {
		t.dayBlock = nil
		return nil
	}
	return &RateLimitError{Problem: t.dayBlock.Problem, RetryAfter: left, Until: t.dayBlock.Until}
}

// Observe records the x-minlimit-remaining / x-daylimit-remaining headers of the answer to a
// request sent at sent. Concurrent answers arrive out of order: a request sent after the
// last recorded answer arrived was counted later, so its figures replace; one that overlapped
// it can only lower them (the lowest figure is the latest count).
func (l *Limiter) Observe(tenant string, sent time.Time, h http.Header) {
	minute, okM := headerInt(h, "X-Minlimit-Remaining")
	day, okD := headerInt(h, "X-Daylimit-Remaining")
	if !okM && !okD {
		return
	}
	t := l.tenant(tenant)
	l.mu.Lock()
	defer l.mu.Unlock()
	a := &t.allowance
	overlapped := sent.Before(a.At)
	if okM {
		if overlapped && a.MinuteRemaining >= 0 {
			minute = min(minute, a.MinuteRemaining)
		}
		a.MinuteRemaining = minute
	}
	if okD {
		if overlapped && a.DayRemaining >= 0 {
			day = min(day, a.DayRemaining)
		}
		a.DayRemaining = day
	}
	a.At = time.Now()
}

// Allowance returns the last budget Xero reported for the tenant.
func (l *Limiter) Allowance(tenant string) Allowance {
	t := l.tenant(tenant)
	l.mu.Lock()
	defer l.mu.Unlock()
	return t.allowance
}

func headerInt(h http.Header, key string) (int, bool) {
	v := h.Get(key)
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, false
	}
	return n, true
}
