package app

import (
	"context"
	"errors"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xpmsync/assets"
	"xpmsync/core/schedule"
	"xpmsync/core/syncer"
)

// fakeDesk records what the tray was given.
type fakeDesk struct {
	menu *fyne.Menu
	icon fyne.Resource
	win  fyne.Window
}

func (d *fakeDesk) SetSystemTrayMenu(m *fyne.Menu)    { d.menu = m }
func (d *fakeDesk) SetSystemTrayIcon(r fyne.Resource) { d.icon = r }
func (d *fakeDesk) SetSystemTrayWindow(w fyne.Window) { d.win = w }

func menuLabels(m *fyne.Menu) []string {
	var out []string
	for _, it := range m.Items {
		if !it.IsSeparator {
			out = append(out, it.Label)
		}
	}
	return out
}

func TestTrayMenuCloseToTrayAndStatus(t *testing.T) {
	w, a := bareWindow(t)
	st := schedTestStore(t)
	ctx := context.Background()
	st.SetSetting(ctx, schedule.KeyNightly, "")
	st.SetSetting(ctx, schedule.KeyBackground, "1")
	fs := &failingSync{}
	ended := make(chan error, 4)
	sched, advance := runScheduler(t, schedule.Config{Syncer: fs, Settings: st,
		OnRunEnd: func(_ schedule.Run, _ syncer.Result, err error) { ended <- err }})
	desk := &fakeDesk{}
	tr := newTray(w, desk, sched)

	if got := menuLabels(desk.menu); len(got) != 5 || got[1] != "Open XPM Sync" || got[2] != "Sync now" || got[3] != "Pause syncing" || got[4] != "Quit" {
		t.Fatalf("menu = %q", got)
	}
	if desk.win != w.Win || desk.icon != assets.Icon {
		t.Fatal("tray window or icon not set")
	}

	windows := len(a.Driver().AllWindows())
	// With "keep syncing when the window is closed" on, closing hides the window and says so once.
	test.AssertNotificationSent(t, &fyne.Notification{Title: "XPM Sync keeps syncing",
		Content: "The window is closed, but syncing goes on. Open it again, or quit, from the XPM Sync icon in the system tray, or start XPM Sync again."}, tr.onClose)
	if len(a.Driver().AllWindows()) != windows {
		t.Fatal("the window was closed instead of hidden")
	}
	test.AssertNotificationSent(t, nil, tr.onClose)

	// Sync now goes through the scheduler.
	desk.menu.Items[3].Action()
	<-ended
	advance(0)
	if fs.count() != 1 {
		t.Fatalf("Sync now ran %d syncs", fs.count())
	}

	// Pause toggles and shows in the menu and the icon.
	desk.menu.Items[4].Action()
	if !sched.Paused() || desk.menu.Items[4].Label != "Resume syncing" || desk.icon == assets.Icon {
		t.Fatalf("paused=%v label=%q", sched.Paused(), desk.menu.Items[4].Label)
	}
	desk.menu.Items[4].Action()
	if sched.Paused() || desk.icon != assets.Icon {
		t.Fatal("resume did not restore the plain icon")
	}

	// A failure turns the dot red and the status line says so.
	fs.set(errors.New("boom"))
	if _, err := sched.Request(syncer.Full); err != nil {
		t.Fatal(err)
	}
	<-ended
	advance(time.Second)
	s := sched.State()
	tr.update(s, trayLine(s, s.Last.Ended.Add(2*time.Minute)))
	if desk.menu.Items[0].Label != "Last sync failed 2 min ago (1 in a row)" || desk.icon != trayIcon(moodFailed) || desk.icon == assets.Icon {
		t.Fatalf("after a failure: %q", desk.menu.Items[0].Label)
	}

	// With the setting off, closing quits as usual.
	st.SetSetting(ctx, schedule.KeyBackground, "0")
	sched.Reload()
	for deadline := time.Now().Add(5 * time.Second); sched.State().Settings.Background; {
		if time.Now().After(deadline) {
			t.Fatal("the scheduler did not reload its settings")
		}
		time.Sleep(time.Millisecond)
	}
	tr.onClose()
	if len(a.Driver().AllWindows()) != windows-1 {
		t.Fatal("the window stayed open with background syncing off")
	}
}
