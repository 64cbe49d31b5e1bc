// Package retry is the one waiting rule for trying again after a failure, shared by the XPM
// client's retries, the outbox's resends and the scheduler's failed syncs.
package retry

import "time"

// Delay is base for the first try and doubles with each try after it, never above ceiling.
// tries counts from 1; a base of zero or less waits the ceiling.
func Delay(base, ceiling time.Duration, tries int) time.Duration {
	if base <= 0 {
		return ceiling
	}
	d := base
	for i := 1; i < tries && d < ceiling; i++ {
		d *= 2
	}
	return min(d, ceiling)
}
