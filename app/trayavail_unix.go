//go:build linux || freebsd || openbsd || netbsd

package app

import (
	"log/slog"

	"github.com/godbus/dbus/v5"
)

// trayAvailable reports whether a tray icon can be shown: on Linux and the BSDs the tray talks
// over the D-Bus session bus. Without one (a plain X session, a remote desktop, a kiosk, Xvfb)
// Fyne's tray half-starts and then panics when the app quits, so the tray is left out instead.
// The check uses the same shared connection the tray would use, so it costs no second socket.
func trayAvailable() bool {
	if _, err := dbus.SessionBus(); err != nil {
		slog.Info("no D-Bus session bus; running without a tray icon", "err", err)
		return false
	}
	return true
}
