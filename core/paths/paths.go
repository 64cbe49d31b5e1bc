// Package paths says where XPM Sync keeps its data and logs on each OS, so the
// app, the CLI and the single-instance lock all agree on one place.
package paths

import (
	"fmt"
	"os"
	"path/filepath"
)

// AppDirName is the folder name used under the OS config and cache folders.
const AppDirName = "XPM Sync"

// EnvDataDir overrides DataDir (the --data-dir flag, handled by the caller, wins over it).
const EnvDataDir = "XPMSYNC_DATA_DIR"

// EnvLogDir overrides LogDir, e.g. for tests or a portable install.
const EnvLogDir = "XPMSYNC_LOG_DIR"

// DataDir returns (and creates, mode 0700) the folder for the database, the
// instance lock and settings: $XPMSYNC_DATA_DIR if set, otherwise
// os.UserConfigDir()/XPM Sync (%AppData%\XPM Sync on Windows,
// ~/Library/Application Support/XPM Sync on macOS, ~/.config/XPM Sync on Linux).
func DataDir() (string, error) {
	if d := os.Getenv(EnvDataDir); d != "" {
		return ensure(d, "data")
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the config folder for the data (set %s to choose one): %w", EnvDataDir, err)
	}
	return ensure(filepath.Join(base, AppDirName), "data")
}

// LogDir returns (and creates, mode 0700) the folder for log files and crash
// reports: $XPMSYNC_LOG_DIR if set, otherwise os.UserCacheDir()/XPM Sync/logs
// (%LocalAppData%\XPM Sync\logs on Windows, ~/Library/Caches/XPM Sync/logs on
// macOS, ~/.cache/XPM Sync/logs on Linux). Logs are not data: a cache folder
// keeps them out of roaming profiles and backups.
func LogDir() (string, error) {
	if d := os.Getenv(EnvLogDir); d != "" {
		return ensure(d, "log")
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find the cache folder for the logs (set %s to choose one): %w", EnvLogDir, err)
	}
	return ensure(filepath.Join(base, AppDirName, "logs"), "log")
}

// Ensure creates dir with mode 0700 when missing and returns its absolute
// path; callers that take a --data-dir flag use it so every path is prepared alike.
func Ensure(dir string) (string, error) { return ensure(dir, "") }

func ensure(dir, what string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("resolve %sfolder %q: %w", label(what), dir, err)
	}
	// 0700: the folders hold client records and logs of a practice; other
	// local users have no business reading them.
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return "", fmt.Errorf("create %sfolder %s: %w", label(what), abs, err)
	}
	return abs, nil
}

func label(what string) string {
	if what == "" {
		return ""
	}
	return what + " "
}
