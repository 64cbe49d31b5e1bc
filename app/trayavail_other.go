//go:build !(linux || freebsd || openbsd || netbsd)

package app

// trayAvailable reports whether a tray icon can be shown; Windows and macOS always have one.
func trayAvailable() bool { return true }
