// Command xpmsync is XPM Sync: without a subcommand the desktop app; with one (connect, status,
// sync, export, migrate, disconnect) a quiet command-line tool with exit statuses a script can
// test. It parses the command line and hands the work to app/ or the engine; earlylocale keeps
// Fyne's locale warnings off the terminal.
package main

import (
	"fmt"
	"os"

	"earlylocale"
)

func main() {
	earlylocale.Restore()
	logs := setupLogging(os.Args[1:])
	err := run(os.Args[1:])
	logs.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, "xpmsync:", err)
		os.Exit(exitCode(err))
	}
}
