package dbconfig

import (
	"errors"
	"fmt"
	"net/url"

	"xpmsync/core/store"
)

// Explain says in a sentence what went wrong opening the practice's shared database and what to
// do; "" when err is not about the database. The local SQLite file is never touched by any of
// these, which the sentences say so nobody worries.
func Explain(dbURL string, err error) string {
	where := address(dbURL)
	switch {
	case errors.Is(err, store.ErrBadURL):
		return "The shared database address is not valid. It looks like postgres://user@server:5432/practice; check it under Connection → Advanced. Nothing was changed."
	case errors.Is(err, store.ErrRefused):
		return fmt.Sprintf("The practice database at %s refused the user name or password. Enter the right password under Connection → Advanced (ask whoever set up the server). Nothing was changed.", where)
	case errors.Is(err, store.ErrNoDatabase):
		return fmt.Sprintf("The server at %s has no database of that name. Check the name at the end of the address, or create it (see the README). Nothing was changed.", where)
	case errors.Is(err, store.ErrServerTooOld):
		return fmt.Sprintf("The database server at %s runs a PostgreSQL older than 13, which XPM Sync does not support. Ask for it to be upgraded. Nothing was changed.", where)
	case errors.Is(err, store.ErrTooNew):
		return fmt.Sprintf("The practice database at %s was set up by a newer XPM Sync. Install the latest XPM Sync on this computer. Nothing was changed.", where)
	case errors.Is(err, store.ErrNotXPMSync):
		return fmt.Sprintf("The database at %s already holds another program's tables. Create an empty database for XPM Sync (see the README). Nothing was changed.", where)
	case errors.Is(err, store.ErrUnreachable):
		return fmt.Sprintf("XPM Sync could not reach the practice database at %s. Check that the server is on and that this computer is on the practice network or VPN.", where)
	}
	return ""
}

// address is the server and database a URL names, as the user would recognise it.
func address(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil || u.Host == "" {
		return "the address given"
	}
	return u.Host + u.Path
}
