// Package earlylocale keeps Fyne quiet under the POSIX locale with a codeset
// (LANG=C.UTF-8, the default of containers, cron and CI).
//
// Fyne's lang package reads the locale in its init and logs "Error parsing user
// locale C" when it meets "C.UTF-8", so every xpmsync subcommand would print it
// before its own output. Go initialises packages in import-path order among
// those whose imports are ready, so a package must sort before "fyne.io" to run
// first: that is why this is its own module with a short path ("earlylocale"),
// wired in by a replace directive in the main go.mod.
//
// Its init hands Fyne the plain "C" that it already understands (the same
// English fallback, without the log lines), and Restore puts the user's value
// back once Fyne has read it, so child processes see the locale unchanged.
package earlylocale

import (
	"os"
	"strings"
)

// saved is the variable init changed and its original value ("" when none).
var saved struct{ name, value string }

func init() { quiet() }

// quiet swaps the first locale variable Fyne will read for "C" when Fyne cannot parse it.
func quiet() {
	// The order Fyne's locale lookup (github.com/jeandeaual/go-locale) reads them in.
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		value := os.Getenv(name)
		if value == "" {
			continue
		}
		if posixWithCodeset(value) {
			saved.name, saved.value = name, value
			_ = os.Setenv(name, "C")
		}
		return
	}
}

// posixWithCodeset reports a C or POSIX locale spelled with more than its name,
// such as "C.UTF-8" or "POSIX.utf8", which Fyne cannot parse.
func posixWithCodeset(value string) bool {
	if value == "C" || value == "POSIX" {
		return false
	}
	lang, _, _ := strings.Cut(value, ".")
	lang, _, _ = strings.Cut(strings.ReplaceAll(lang, "-", "_"), "_")
	lang, _, _ = strings.Cut(lang, "@")
	return lang == "C" || lang == "POSIX"
}

// Restore puts back the locale variable init changed, if any.
func Restore() {
	if saved.name != "" {
		_ = os.Setenv(saved.name, saved.value)
		saved.name = ""
	}
}
