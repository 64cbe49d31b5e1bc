// Package applog sets up XPM Sync's log: a size-capped rotating file in the
// log folder, written through a handler that masks secrets, and a crash report
// file the Go runtime writes to when the app dies.
package applog

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"time"
)

const (
	// LogFileName is the live log file in the log folder; older ones are
	// xpmsync.1.log, xpmsync.2.log.
	LogFileName = "xpmsync.log"
	// MaxFileBytes caps each log file.
	MaxFileBytes = 5 << 20
	// MaxFiles is how many log files are kept, the live one included.
	MaxFiles = 3
	// crashName is the file the runtime writes a fatal error into.
	crashName = "crash.txt"
	// keepCrashes bounds how many saved crash reports stay in the folder.
	keepCrashes = 5
	// crashHeaderEnd marks the end of the header Setup writes, so an untouched
	// crash file (a clean run) can be told from one the runtime wrote into.
	crashHeaderEnd = "--- end of header: anything below was written by the crash ---\n"
)

// CrashFile returns the path of the file the Go runtime writes a crash
// report to while the app runs. After a crash, the next Setup renames it to
// crash-YYYYMMDD-HHMMSS.txt (see Crashes).
func CrashFile(dir string) string { return filepath.Join(dir, crashName) }

// LogFile returns the path of the live log file in dir.
func LogFile(dir string) string { return filepath.Join(dir, LogFileName) }

// Setup opens the rotating log file in dir (created 0700 if missing) and
// returns a logger that writes text records at level and above, with secrets
// masked. It also points debug.SetCrashOutput at CrashFile(dir), first saving
// a report a previous crash left there. Closing the returned Closer flushes
// and closes the log and stops crash output. Call it once per process, after
// taking the single-instance lock, so two processes never rotate one file.
func Setup(dir string, level slog.Level) (*slog.Logger, io.Closer, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("create log folder %s: %w", dir, err)
	}
	w, err := openRotating(LogFile(dir), MaxFileBytes, MaxFiles)
	if err != nil {
		return nil, nil, fmt.Errorf("log folder %s: %w", dir, err)
	}
	logger := slog.New(NewRedactingHandler(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level})))

	saved, crashErr := saveCrash(dir)
	crash, err := startCrashFile(dir)
	if err != nil {
		// The log still works; only the crash report is lost, so say so and go on.
		logger.Warn("crash reports are off", "err", err)
	}
	if crashErr != nil {
		logger.Warn("could not keep the previous crash report", "err", crashErr)
	}
	if saved != "" {
		logger.Warn("the previous run of XPM Sync crashed; its report was kept", "report", saved)
	}
	return logger, &closer{w: w, crash: crash}, nil
}

type closer struct {
	w     *rotatingFile
	crash *os.File
}

func (c *closer) Close() error {
	var errs []error
	if c.crash != nil {
		if err := debug.SetCrashOutput(nil, debug.CrashOptions{}); err != nil {
			errs = append(errs, fmt.Errorf("stop crash output: %w", err))
		}
		errs = append(errs, c.crash.Close())
		c.crash = nil
	}
	errs = append(errs, c.w.Close())
	return errors.Join(errs...)
}

// startCrashFile writes a fresh header into CrashFile(dir) and hands the file
// to the runtime, so a fatal error lands below a note saying which program,
// version and run it came from.
func startCrashFile(dir string) (*os.File, error) {
	// O_APPEND: should a second launch start over this file while the first
	// copy still runs, the first one's crash still lands at the end, not at a
	// stale offset inside the new header.
	f, err := os.OpenFile(CrashFile(dir), os.O_WRONLY|os.O_CREATE|os.O_TRUNC|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open crash file: %w", err)
	}
	if _, err := io.WriteString(f, crashHeader()); err != nil {
		f.Close()
		return nil, fmt.Errorf("write crash file header: %w", err)
	}
	if err := debug.SetCrashOutput(f, debug.CrashOptions{}); err != nil {
		f.Close()
		return nil, fmt.Errorf("set crash output: %w", err)
	}
	return f, nil
}

func crashHeader() string {
	var b strings.Builder
	b.WriteString("XPM Sync crash report\n")
	b.WriteString("If XPM Sync stopped unexpectedly, please send this file to your support contact.\n\n")
	fmt.Fprintf(&b, "started:  %s\n", time.Now().Format(time.RFC3339))
	exe, _ := os.Executable()
	fmt.Fprintf(&b, "program:  %s (pid %d)\n", exe, os.Getpid())
	fmt.Fprintf(&b, "platform: %s/%s, %s\n", runtime.GOOS, runtime.GOARCH, runtime.Version())
	if bi, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprintf(&b, "module:   %s %s\n", bi.Main.Path, bi.Main.Version)
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.time" || s.Key == "vcs.modified" {
				fmt.Fprintf(&b, "%-9s %s\n", s.Key+":", s.Value)
			}
		}
	}
	b.WriteString(crashHeaderEnd)
	return b.String()
}

// saveCrash renames a crash file that holds more than Setup's header to
// crash-<time>.txt and prunes old reports. It returns the new path, or ""
// when the previous run ended cleanly.
func saveCrash(dir string) (string, error) {
	path := CrashFile(dir)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read crash file: %w", err)
	}
	i := strings.Index(string(data), crashHeaderEnd)
	if i < 0 || strings.TrimSpace(string(data[i+len(crashHeaderEnd):])) == "" {
		return "", nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("stat crash file: %w", err)
	}
	dst := filepath.Join(dir, "crash-"+fi.ModTime().Format("20060102-150405")+".txt")
	if err := os.Rename(path, dst); err != nil {
		return "", fmt.Errorf("keep crash report: %w", err)
	}
	reports, err := Crashes(dir)
	if err == nil {
		for _, old := range reports[min(len(reports), keepCrashes):] {
			_ = os.Remove(old)
		}
	}
	return dst, nil
}

// Crashes lists the saved crash reports in dir, newest first, for an
// About/Help dialog to offer ("XPM Sync closed unexpectedly last time").
func Crashes(dir string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(dir, "crash-*.txt"))
	if err != nil {
		return nil, fmt.Errorf("list crash reports: %w", err)
	}
	// The timestamp in the name sorts chronologically.
	sort.Sort(sort.Reverse(sort.StringSlice(matches)))
	return matches, nil
}
