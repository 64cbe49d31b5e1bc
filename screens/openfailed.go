package screens

import (
	"fmt"
	"log/slog"
)

// openFailedWords says in plain words that the system did not open a page, with its address
// to paste instead. The system's own reason ("exec: xdg-open: executable file not found")
// means nothing to a practice, so it goes to the log.
func openFailedWords(what, address string, err error) string {
	slog.Warn("the system did not open an address", "url", address, "err", err)
	return fmt.Sprintf("This computer did not open %s in a web browser. Its address is %s — copy it into your browser.", what, address)
}
