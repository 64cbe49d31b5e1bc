package screens

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"xpmsync/core/schedule"
)

type scheduleDouble struct{ saved, current schedule.Settings }

func (d *scheduleDouble) ScheduleSettings(context.Context) (schedule.Settings, error) {
	return d.current, nil
}
func (d *scheduleDouble) SaveScheduleSettings(_ context.Context, s schedule.Settings) error {
	d.saved, d.current = s, s
	return nil
}

func TestScheduleCardShowsAndSavesTheSchedule(t *testing.T) {
	tab, _, _, _ := newSettingsTab(t)
	d := &scheduleDouble{current: schedule.Settings{Interval: time.Hour, Nightly: "02:00", Notify: true}}
	tab.AttachSchedule(d)
	if tab.Interval.Selected != "hour" || tab.Nightly.Selected != "02:00" || !tab.Notify.Checked || tab.Background.Checked {
		t.Fatalf("loaded: %q %q notify %v background %v", tab.Interval.Selected, tab.Nightly.Selected, tab.Notify.Checked, tab.Background.Checked)
	}
	if d.saved != (schedule.Settings{}) {
		t.Fatal("loading the settings saved them")
	}
	tab.Interval.SetSelected("15 minutes")
	if d.saved.Interval != 15*time.Minute || d.saved.Nightly != "02:00" {
		t.Fatalf("saved %+v", d.saved)
	}
	tab.Nightly.SetSelected("Off")
	test.Tap(tab.Background)
	if d.saved.Nightly != "" || !d.saved.Background || !strings.Contains(tab.Status.Text, "every 15 minutes") {
		t.Fatalf("saved %+v, status %q", d.saved, tab.Status.Text)
	}
}
