package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"

	"xpmsync/core/applog"
	"xpmsync/core/paths"
)

// setupLogging sends the app's log to the rotating, secret-masking log file, so neither the
// window nor a script's output is cluttered; if the log folder cannot be used the log goes to
// standard error and the app carries on.
func setupLogging() io.Closer {
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
