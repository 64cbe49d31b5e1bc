package schedule

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Setting keys in the store's settings table.
const (
	KeyInterval   = "schedule.interval_minutes" // automatic sync every N minutes
	KeyNightly    = "schedule.nightly"          // "HH:MM" local time of the nightly full resync; "" = none
	KeyBackground = "schedule.background"       // "1" = keep syncing when the window is closed
	KeyNotify     = "schedule.notify"           // "1" = notify me when syncs fail
)

// Defaults and limits of the schedule (seed 002: hourly resync).
const (
	DefaultInterval = 60 * time.Minute
	MinInterval     = 5 * time.Minute
	DefaultNightly  = "02:00"
)

// SettingsStore is where the schedule's settings live (*store.Store).
type SettingsStore interface {
	Setting(ctx context.Context, key, def string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// Settings are the user's schedule choices.
type Settings struct {
	Interval   time.Duration // at least MinInterval
	Nightly    string        // "HH:MM" local, or "" for no nightly full resync
	Background bool          // keep syncing when the window is closed (hide to the tray)
	Notify     bool          // send an OS notification after three failures in a row
}

// DefaultSettings are the choices of a fresh install.
func DefaultSettings() Settings {
	return Settings{Interval: DefaultInterval, Nightly: DefaultNightly, Notify: true}
}

// LoadSettings reads the schedule's settings, falling back to defaults for missing or unreadable
// values (an unreadable value is reported with the settings that will be used).
func LoadSettings(ctx context.Context, st SettingsStore) (Settings, error) {
	s := DefaultSettings()
	var errs []error
	get := func(key, def string) string {
		v, err := st.Setting(ctx, key, def)
		if err != nil {
			errs = append(errs, err)
			return def
		}
		return v
	}
	if v := get(KeyInterval, ""); v != "" {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n <= 0 {
			errs = append(errs, fmt.Errorf("sync interval %q is not a number of minutes; using %d", v, int(DefaultInterval/time.Minute)))
		} else {
			s.Interval = time.Duration(n) * time.Minute
		}
	}
	if s.Interval < MinInterval {
		s.Interval = MinInterval
	}
	if v := strings.TrimSpace(get(KeyNightly, DefaultNightly)); v == "" || v == "off" {
		s.Nightly = ""
	} else if _, _, err := ParseClock(v); err != nil {
		errs = append(errs, err)
	} else {
		s.Nightly = v
	}
	s.Background = get(KeyBackground, "0") == "1"
	s.Notify = get(KeyNotify, "1") != "0"
	return s, errors.Join(errs...)
}

// SaveSettings writes the schedule's settings (the interval is raised to the minimum).
func SaveSettings(ctx context.Context, st SettingsStore, s Settings) error {
	if s.Interval < MinInterval {
		s.Interval = MinInterval
	}
	if s.Nightly != "" {
		if _, _, err := ParseClock(s.Nightly); err != nil {
			return err
		}
	}
	for _, kv := range [][2]string{
		{KeyInterval, strconv.Itoa(int(s.Interval / time.Minute))},
		{KeyNightly, s.Nightly},
		{KeyBackground, bit(s.Background)},
		{KeyNotify, bit(s.Notify)},
	} {
		if err := st.SetSetting(ctx, kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

func bit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// ParseClock reads "HH:MM" (24-hour).
func ParseClock(s string) (hour, minute int, err error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, 0, fmt.Errorf("nightly resync time %q is not a time like 02:00", s)
	}
	return t.Hour(), t.Minute(), nil
}

// NextNightly is the first moment after now (exclusive) at the local time hh:mm in now's zone.
func NextNightly(now time.Time, hhmm string) (time.Time, bool) {
	h, m, err := ParseClock(hhmm)
	if err != nil || hhmm == "" {
		return time.Time{}, false
	}
	t := time.Date(now.Year(), now.Month(), now.Day(), h, m, 0, 0, now.Location())
	if !t.After(now) {
		t = time.Date(now.Year(), now.Month(), now.Day()+1, h, m, 0, 0, now.Location())
	}
	return t, true
}
