package screens

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/schedule"
)

// ScheduleService reads and saves when XPM Sync syncs by itself and how it alerts.
type ScheduleService interface {
	ScheduleSettings(ctx context.Context) (schedule.Settings, error)
	SaveScheduleSettings(ctx context.Context, s schedule.Settings) error
}

// intervalChoices are the automatic sync intervals offered (seed 002 resyncs hourly).
var intervalChoices = []time.Duration{5 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour}

// nightlyOff is the nightly choice that turns the nightly full resync off.
const nightlyOff = "Off"

// scheduleCards are the Schedule and Alerts cards of the Sync Settings tab.
type scheduleCards struct {
	bg Runner // its background work (WithRunner)

	svc     ScheduleService
	tab     *SyncSettingsTab
	loading bool
}

// AttachSchedule adds the Schedule and Alerts cards, saved through svc.
func (t *SyncSettingsTab) AttachSchedule(svc ScheduleService) {
	c := &scheduleCards{bg: t.bg, svc: svc, tab: t}
	names := make([]string, len(intervalChoices))
	for i, d := range intervalChoices {
		names[i] = intervalName(d)
	}
	t.Interval = widget.NewSelect(names, func(string) { c.onChanged() })
	hours := []string{nightlyOff}
	for h := 0; h < 24; h++ {
		hours = append(hours, fmt.Sprintf("%02d:00", h))
	}
	t.Nightly = widget.NewSelect(hours, func(string) { c.onChanged() })
	t.Background = widget.NewCheck("Keep syncing when the window is closed (XPM Sync stays in the system tray)", func(bool) { c.onChanged() })
	t.Notify = widget.NewCheck("Notify me when three syncs in a row fail", func(bool) { c.onChanged() })
	sched := widget.NewCard("Schedule", "When XPM Sync syncs by itself.",
		container.NewVBox(
			container.NewHBox(widget.NewLabel("Sync changes every"), t.Interval),
			container.NewHBox(widget.NewLabel("Fetch every client (full resync) each night at"), t.Nightly),
			wrapped("The nightly full resync notices clients deleted or merged in XPM, which a quick sync can miss."),
			t.Background))
	alerts := widget.NewCard("Alerts", "", container.NewVBox(t.Notify,
		wrapped("A red banner in the window says when syncs keep failing and what to do, whether or not you get notifications.")))
	// After the first four cards (source of truth, what to sync, new clients, contacts).
	objs := t.body.Objects
	at := min(4, len(objs))
	t.body.Objects = append(append(append([]fyne.CanvasObject{}, objs[:at]...), sched, alerts), objs[at:]...)
	t.body.Refresh()
	c.load()
}

func (c *scheduleCards) load() {
	background(c.bg, func() (schedule.Settings, error) {
		return c.svc.ScheduleSettings(context.Background())
	}, func(s schedule.Settings, err error) {
		if err != nil {
			c.tab.Status.SetText("Could not read the schedule: " + err.Error())
		}
		c.loading = true
		c.tab.Interval.SetSelected(intervalName(nearestInterval(s.Interval)))
		if s.Nightly == "" {
			c.tab.Nightly.SetSelected(nightlyOff)
		} else {
			c.tab.Nightly.SetSelected(s.Nightly)
		}
		c.tab.Background.SetChecked(s.Background)
		c.tab.Notify.SetChecked(s.Notify)
		c.loading = false
	})
}

func (c *scheduleCards) onChanged() {
	if c.loading {
		return
	}
	t := c.tab
	s := schedule.Settings{
		Interval:   parseInterval(t.Interval.Selected),
		Nightly:    strings.Replace(t.Nightly.Selected, nightlyOff, "", 1),
		Background: t.Background.Checked,
		Notify:     t.Notify.Checked,
	}
	background(c.bg, func() (struct{}, error) {
		return struct{}{}, c.svc.SaveScheduleSettings(context.Background(), s)
	}, func(_ struct{}, err error) {
		if err != nil {
			t.Status.SetText("Could not save the schedule: " + err.Error())
			return
		}
		t.Status.SetText("Schedule saved: " + describeSchedule(s) + ".")
	})
}

func describeSchedule(s schedule.Settings) string {
	out := "syncing changes every " + intervalName(s.Interval)
	if s.Nightly != "" {
		out += ", every client at " + s.Nightly + " each night"
	}
	return out
}

func intervalName(d time.Duration) string {
	if d >= time.Hour {
		if d == time.Hour {
			return "hour"
		}
		return fmt.Sprintf("%d hours", int(d/time.Hour))
	}
	return fmt.Sprintf("%d minutes", int(d/time.Minute))
}

func parseInterval(name string) time.Duration {
	for _, d := range intervalChoices {
		if intervalName(d) == name {
			return d
		}
	}
	return time.Hour
}

func nearestInterval(d time.Duration) time.Duration {
	best := intervalChoices[0]
	for _, c := range intervalChoices {
		if absDur(c-d) < absDur(best-d) {
			best = c
		}
	}
	return best
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
