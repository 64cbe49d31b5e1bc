package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"xpmsync/core/applog"
	"xpmsync/core/paths"
)

// setupLogging sends the app's log to the rotating, secret-masking log file, so neither the
// window nor a script's output is cluttered; if the log folder cannot be used the log goes to
// standard error and the app carries on.
func setupLogging(args []string) io.Closer {
	// A copy run on another data folder (a demo, a test) keeps its log beside that data, so it
	// never rotates or overwrites the crash report of the app on the usual folder.
	if os.Getenv(paths.EnvLogDir) == "" {
		if d := dataDirArg(args); d != "" {
			os.Setenv(paths.EnvLogDir, filepath.Join(d, "logs"))
		}
	}
	dir, err := paths.LogDir()
	if err == nil {
		logger, closer, serr := applog.Setup(dir, slog.LevelInfo)
		if serr == nil {
			slog.SetDefault(logger)
			return closer
		}
		err = serr
	}
	fmt.Fprintln(os.Stderr, "xpmsync: logging to the screen only:", err)
	slog.SetDefault(slog.New(applog.NewRedactingHandler(slog.NewTextHandler(os.Stderr, nil))))
	return io.NopCloser(nil)
}

// dataDirArg finds --data-dir in the command line before the flags are parsed.
func dataDirArg(args []string) string {
	for i, a := range args {
		switch {
		case a == "--data-dir" || a == "-data-dir":
			if i+1 < len(args) {
				return args[i+1]
			}
		case strings.HasPrefix(a, "--data-dir="):
			return strings.TrimPrefix(a, "--data-dir=")
		case strings.HasPrefix(a, "-data-dir="):
			return strings.TrimPrefix(a, "-data-dir=")
		}
	}
	return ""
}

// logFile names the log file for messages that point the user at the details.
func logFile() string {
	dir, err := paths.LogDir()
	if err != nil {
		return "the log"
	}
	return applog.LogFile(dir)
}
