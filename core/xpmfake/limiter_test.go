package xpmfake

import (
	"testing"
	"time"
)

func TestDayLimitIsRolling24Hours(t *testing.T) {
	l := newLimiter()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	start := now
	for i := 0; i < dayLimit; i++ {
		res := l.acquire(now, true, false)
		if res.problem != "" {
			t.Fatalf("call %d refused: %s", i+1, res.problem)
		}
		l.release()
		now = now.Add(1100 * time.Millisecond) // under 60 a minute
	}
	res := l.acquire(now, true, false)
	if res.problem != "day" || res.dayRem != 0 {
		t.Fatalf("call 5001: %+v, want day limit", res)
	}
	if want := start.Add(24 * time.Hour).Sub(now); res.retryAfter < int(want.Seconds()) || res.retryAfter > int(want.Seconds())+1 {
		t.Fatalf("Retry-After %d s, want about %v until the first call leaves the window", res.retryAfter, want)
	}
	// Once the oldest call is 24 hours old, one more is allowed.
	res = l.acquire(start.Add(24*time.Hour+time.Second), true, false)
	if res.problem != "" {
		t.Fatalf("after the window moved: %+v", res)
	}
}

func TestDisabledLimitsStillReportHeaders(t *testing.T) {
	l := newLimiter()
	now := time.Now()
	for i := 0; i < 200; i++ {
		res := l.acquire(now, false, false)
		if res.problem != "" || res.minRem != minuteLimit {
			t.Fatalf("call %d with limits off: %+v", i, res)
		}
	}
}
