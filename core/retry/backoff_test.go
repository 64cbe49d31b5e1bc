package retry

import (
	"math"
	"testing"
	"time"
)

func TestDelayDoublesUpToTheCeiling(t *testing.T) {
	for _, c := range []struct {
		tries int
		want  time.Duration
	}{{0, 15 * time.Second}, {1, 15 * time.Second}, {2, 30 * time.Second}, {3, time.Minute}, {9, time.Hour}, {math.MaxInt, time.Hour}} {
		if got := Delay(15*time.Second, time.Hour, c.tries); got != c.want {
			t.Errorf("Delay(15s, 1h, %d) = %v, want %v", c.tries, got, c.want)
		}
	}
	if got := Delay(0, time.Minute, 3); got != time.Minute {
		t.Errorf("no base: %v, want the ceiling", got)
	}
}
