package problem

import (
	"context"
	"errors"
	"strings"
	"time"

	"xpmsync/core/store"
	"xpmsync/core/xpm"
)

// kind is one failure the user can act on: how to recognise it and what to say. The order
// matters: the first that matches wins (a sign-in refusal can also be a network error's cause).
type kind struct {
	is    func(error) bool
	words func(error) Problem
}

var known = []kind{
	{func(err error) bool { return errors.Is(err, context.Canceled) }, fixed(
		"it was cancelled", "Nothing was lost; what was done before that is kept.", None)},
	{NotConnected, fixed(
		"XPM Sync is not connected to XPM", "Connect on the Connection tab, then try again.", Reconnect)},
	{signIn, fixed(
		"Xero no longer accepts this app's sign-in", "Reconnect on the Connection tab.", Reconnect)},
	{func(err error) bool { return errors.Is(err, xpm.ErrForbidden) }, fixed(
		"Xero refused access to this practice", "Reconnect on the Connection tab with a user allowed to connect add-ons.", Reconnect)},
	{rateLimited, rateLimitWords},
	{xpmDown, fixed(
		"XPM did not answer properly", "This is usually brief on Xero's side; nothing was lost.", Details)},
	{network, fixed(
		"XPM can't be reached", "Check the internet connection; nothing was lost.", Details)},
	{unreadable, fixed(
		"XPM sent an answer XPM Sync could not read", "Nothing was lost. If it goes on, send the log to support (Help → About).", Details)},
	{func(err error) bool { return errors.Is(err, xpm.ErrNotFound) }, fixed(
		"XPM no longer has this client (it may have been deleted or merged there)", "Check the client on the Clients tab; nothing was changed.", Details)},
	{refused, refusedWords},
	{func(err error) bool { return errors.Is(err, store.ErrUnreachable) }, fixed(
		"the practice database can't be reached", "Check that its server is on and that this computer is on the practice network or VPN; nothing was lost.", None)},
	{store.Busy, fixed(
		"the practice database is busy with other work", "Nothing was lost; it frees up in a moment.", None)},
}

func fixed(reason, fix string, action Action) func(error) Problem {
	return func(error) Problem { return Problem{Reason: reason, Fix: fix, Action: action} }
}

func rateLimited(err error) bool {
	var rl *xpm.RateLimitError
	return errors.As(err, &rl)
}

// rateLimitWords names the limit that ran out: Xero allows 60 calls a minute and 5,000 a day
// per practice; the per-minute one only reaches the user when the wait is too long to sit out.
func rateLimitWords(err error) Problem {
	var rl *xpm.RateLimitError
	errors.As(err, &rl)
	which := "Xero's call limit for this practice"
	switch rl.Problem {
	case "day":
		which = "Xero's daily call allowance for this practice"
	case "minute":
		which = "Xero's per-minute call limit for this practice"
	}
	return Problem{Reason: which + " is used up until " + until(rl.Until),
		Fix: "Nothing was lost; XPM answers again after that.", Action: Details}
}

func until(t time.Time) string { return t.Local().Format("Mon 15:04") }

// refused is XPM turning a request down for its content (a validation refusal): sending the same
// thing again will not help.
func refused(err error) bool {
	var api *xpm.APIError
	return errors.As(err, &api) && api.HTTPStatus != 409 && api.HTTPStatus < 500
}

func refusedWords(err error) Problem {
	var api *xpm.APIError
	errors.As(err, &api)
	return Problem{Reason: "XPM did not take it: " + strings.TrimSuffix(strings.TrimSpace(api.Description), "."),
		Fix: "It is kept here; correct it and save it again.", Action: Details}
}
