package schedule

import (
	"fmt"

	"xpmsync/core/problem"
)

// AlertAction is the one button the banner offers with an alert: the way forward the
// failure's words name (core/problem).
type AlertAction = problem.Action

const (
	// ActionNone offers no button.
	ActionNone = problem.None
	// ActionDetails opens the Integration Progress tab.
	ActionDetails = problem.Details
	// ActionReconnect opens the Connection tab.
	ActionReconnect = problem.Reconnect
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

// keepsTrying ends a failure alert the user need not act on: the scheduler retries by itself.
const keepsTrying = "XPM Sync keeps trying by itself."

// failureAlert words the alert for n failures in a row ending with err.
func failureAlert(err error, n int, notify bool) Alert {
	p := problem.Explain(err)
	text := fmt.Sprintf("Last %d syncs failed: %s", n, problem.Words(err))
	if p.Action != problem.Reconnect {
		text += " " + keepsTrying
	}
	return Alert{Active: true, Urgent: true, Failures: n, Notify: notify, Action: p.Action,
		Title: fmt.Sprintf("XPM Sync: the last %d syncs failed", n), Text: text}
}
