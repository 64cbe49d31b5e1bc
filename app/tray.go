package app

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"log/slog"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"

	"xpmsync/assets"
	"xpmsync/core/schedule"
	"xpmsync/core/syncer"
)

// trayMood is what the tray icon's corner dot says about the last sync.
type trayMood int

const (
	moodOK      trayMood = iota // plain icon
	moodFailed                  // red dot: the last sync failed
	moodWaiting                 // amber dot: paused, or waiting for Xero's allowance
)

// tray is the system tray icon and menu: Open XPM Sync, Sync now, Pause syncing, Quit, with a
// first, disabled line saying how the last sync went (Fyne has no tray tooltip).
type tray struct {
	w     *Window
	desk  desktop.App
	sched *schedule.Scheduler
	menu  *fyne.Menu
	line  *fyne.MenuItem
	pause *fyne.MenuItem
	mood  trayMood
	told  bool // the "still syncing in the background" notice was sent
}

// setupTray adds the tray icon and close-to-tray when the platform has a tray; nil otherwise.
// Without a tray, closing the window quits, so no sync goes on out of sight and out of reach.
func (w *Window) setupTray(sched *schedule.Scheduler) *tray {
	desk, ok := w.App.(desktop.App)
	if !ok || !trayAvailable() {
		return nil
	}
	return newTray(w, desk, sched)
}

func newTray(w *Window, desk desktop.App, sched *schedule.Scheduler) *tray {
	t := &tray{w: w, desk: desk, sched: sched, mood: -1}
	t.line = fyne.NewMenuItem("Not synced yet", nil)
	t.line.Disabled = true
	t.pause = fyne.NewMenuItem("Pause syncing", t.onPause)
	quit := fyne.NewMenuItem("Quit", func() { quitApp(w.App) })
	quit.IsQuit = true
	t.menu = fyne.NewMenu("XPM Sync", t.line, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Open XPM Sync", t.onOpen),
		fyne.NewMenuItem("Sync now", t.onSyncNow),
		t.pause, fyne.NewMenuItemSeparator(), quit)
	desk.SetSystemTrayMenu(t.menu)
	desk.SetSystemTrayWindow(w.Win)
	t.setMood(moodOK)
	w.Win.SetCloseIntercept(t.onClose)
	return t
}

func (t *tray) onOpen() {
	t.w.Win.Show()
	t.w.Win.RequestFocus()
}

func (t *tray) onSyncNow() {
	if _, err := t.sched.Request(syncer.Delta); err != nil {
		t.onOpen()
		dialog.ShowError(err, t.w.Win)
	}
}

func (t *tray) onPause() {
	t.sched.SetPaused(!t.sched.Paused())
	t.update(t.sched.State(), t.line.Label)
}

// onClose hides the window instead of quitting when the user chose to keep syncing with the
// window closed; otherwise it quits as usual.
func (t *tray) onClose() {
	st := t.sched.State()
	if !st.Settings.Background {
		t.w.Win.Close()
		return
	}
	t.w.Win.Hide()
	if !t.told && st.Settings.Notify {
		t.told = true
		t.w.App.SendNotification(fyne.NewNotification("XPM Sync keeps syncing",
			"The window is closed, but syncing goes on. Open it again, or quit, from the XPM Sync icon in the system tray, or start XPM Sync again."))
	}
}

// update shows the scheduler's state in the tray: the status line, the pause item and the dot.
func (t *tray) update(st schedule.State, line string) {
	t.line.Label = line
	t.pause.Label = "Pause syncing"
	if st.Paused {
		t.pause.Label = "Resume syncing"
	}
	t.menu.Refresh()
	switch {
	case st.Failures > 0:
		t.setMood(moodFailed)
	case st.Paused || !st.HeldUntil.IsZero():
		t.setMood(moodWaiting)
	default:
		t.setMood(moodOK)
	}
}

func (t *tray) setMood(m trayMood) {
	if m == t.mood {
		return
	}
	t.mood = m
	t.desk.SetSystemTrayIcon(trayIcon(m))
}

var (
	trayIconsOnce sync.Once
	trayIcons     map[trayMood]fyne.Resource
)

// trayIcon is the app icon with a coloured dot in its corner for m (the plain icon for moodOK).
func trayIcon(m trayMood) fyne.Resource {
	trayIconsOnce.Do(func() {
		trayIcons = map[trayMood]fyne.Resource{moodOK: assets.Icon}
		for mood, c := range map[trayMood]color.NRGBA{
			moodFailed:  {R: 0xe5, G: 0x39, B: 0x35, A: 0xff},
			moodWaiting: {R: 0xff, G: 0xa0, B: 0x00, A: 0xff},
		} {
			res, err := dotted(assets.IconPNG, c)
			if err != nil {
				slog.Warn("could not draw the tray icon's status dot", "err", err)
				res = assets.Icon
			}
			trayIcons[mood] = res
		}
	})
	return trayIcons[m]
}

// dotted draws a filled circle with a white ring in the bottom-right quarter of the PNG icon.
func dotted(icon []byte, c color.NRGBA) (fyne.Resource, error) {
	src, err := png.Decode(bytes.NewReader(icon))
	if err != nil {
		return nil, err
	}
	b := src.Bounds()
	img := image.NewNRGBA(b)
	draw.Draw(img, b, src, b.Min, draw.Src)
	r := b.Dx() * 22 / 100
	cx, cy := b.Max.X-r-b.Dx()/40, b.Max.Y-r-b.Dy()/40
	ring := r + b.Dx()/32
	white := color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	for y := cy - ring; y <= cy+ring; y++ {
		for x := cx - ring; x <= cx+ring; x++ {
			d := (x-cx)*(x-cx) + (y-cy)*(y-cy)
			switch {
			case d <= r*r:
				img.Set(x, y, c)
			case d <= ring*ring:
				img.Set(x, y, white)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return fyne.NewStaticResource("xpmsync-tray.png", buf.Bytes()), nil
}
