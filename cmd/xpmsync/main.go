// Command xpmsync is XPM Sync: the desktop app, and its command-line tools.
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
