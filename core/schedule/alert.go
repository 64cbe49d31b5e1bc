package schedule

import (
	"context"
	"errors"
	"fmt"
	"net"

	"xpmsync/core/auth"
	"xpmsync/core/xpm"
)

// AlertAction is the one button the banner offers with an alert.
type AlertAction int

const (
	// ActionNone offers no button.
	ActionNone AlertAction = iota
	// ActionDetails opens the Integration Progress tab.
	ActionDetails
	// ActionReconnect opens the Connection tab.
	ActionReconnect
)

// Alert tells the app to raise (Active) or clear the sync alert.
type Alert struct {
	Active   bool        // false = clear the alert the scheduler raised
	Urgent   bool        // red (the user must act or know) rather than amber (it resolves by itself)
	Failures int         // failed syncs in a row
	Title    string      // notification title
	Text     string      // one line: what happened and what to do
	Action   AlertAction // the banner's button
	Notify   bool        // send an OS notification now (once per streak, only when notifications are on)
}

// failureAlert words the alert for n failures in a row ending with err.
func failureAlert(err error, n int, notify bool) Alert {
	reason, fix, action := Explain(err)
	return Alert{Active: true, Urgent: true, Failures: n, Notify: notify, Action: action,
		Title: fmt.Sprintf("XPM Sync: the last %d syncs failed", n),
		Text:  fmt.Sprintf("Last %d syncs failed: %s. %s", n, reason, fix)}
}

// Explain turns a sync error into the reason, the fix and the button that leads to the fix.
func Explain(err error) (reason, fix string, action AlertAction) {
	var netErr net.Error
	switch {
	case errors.Is(err, auth.ErrNotConnected), errors.Is(err, auth.ErrNeedsReconnect), errors.Is(err, xpm.ErrUnauthorized):
		return "Xero no longer accepts this app's sign-in", "Reconnect on the Connection tab.", ActionReconnect
	case errors.Is(err, xpm.ErrForbidden):
		return "Xero refused access to this practice", "Reconnect on the Connection tab with a user allowed to connect add-ons.", ActionReconnect
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr), errors.Is(err, xpm.ErrUnavailable),
		errors.Is(err, xpm.ErrTruncated):
		return "XPM did not answer", "Check the internet connection; XPM Sync keeps trying by itself.", ActionDetails
	case errors.Is(err, xpm.ErrMalformed), errors.Is(err, xpm.ErrTooLarge):
		return "XPM sent an answer XPM Sync could not read", "Nothing was lost; XPM Sync keeps trying. If it goes on, send the details to support.", ActionDetails
	}
	return "the sync stopped with an error", "See Integration Progress for the details; XPM Sync keeps trying by itself.", ActionDetails
}
