// Package problem turns a failure into the words the user reads: why it happened and what to do
// next. It is the one place that wording lives, so the same failure reads the same in every tab,
// the alert banner, the tray, the Integration Progress list and the command line. The technical
// chain stays in the log.
package problem

import (
	"context"
	"errors"
	"net"
	"strings"

	"xpmsync/core/auth"
	"xpmsync/core/xpm"
)

// Action is the one way forward a window can offer beside the words.
type Action int

const (
	// None: the words are all there is to it.
	None Action = iota
	// Details: the Integration Progress tab has more.
	Details
	// Reconnect: the Connection tab puts it right.
	Reconnect
)

// Problem is a failure in words. Reason fits after "failed: " (it starts in lower case unless it
// starts with a name); Fix is one or two whole sentences, or "" when the reason says it all.
type Problem struct {
	Reason string
	Fix    string
	Action Action
	Known  bool // false: the error's own message is the best there is
}

// Words is the failure as one line for a status line, a table row or the terminal: the reason
// and the fix, or for an error this package does not know, the error's own message (the app's
// own errors are written for people). It ends with a full stop, so it reads the same after
// "Could not connect: " as on its own.
func Words(err error) string {
	if err == nil {
		return ""
	}
	s := Explain(err).text()
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
		s += "."
	}
	return s
}

// Explain says why err happened and what to do. Unknown errors keep their own message, on one
// line so a table row stays one row.
func Explain(err error) Problem {
	if err == nil {
		return Problem{}
	}
	var w *Worded
	if errors.As(err, &w) {
		return w.Problem
	}
	for _, k := range known {
		if k.is(err) {
			p := k.words(err)
			p.Known = true
			return p
		}
	}
	return Problem{Reason: strings.Join(strings.Fields(err.Error()), " "), Action: Details}
}

// NotConnected reports whether err means XPM Sync has no connection to XPM at all.
func NotConnected(err error) bool { return errors.Is(err, auth.ErrNotConnected) }

// Unreachable reports whether err means XPM could not be reached (not connected, no network,
// XPM not answering), as opposed to XPM refusing the request: work that needs XPM can wait.
func Unreachable(err error) bool {
	return NotConnected(err) || network(err) || xpmDown(err)
}

func network(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne)
}

func xpmDown(err error) bool {
	return errors.Is(err, xpm.ErrUnavailable) || errors.Is(err, xpm.ErrTruncated)
}

func signIn(err error) bool {
	return errors.Is(err, auth.ErrNeedsReconnect) || errors.Is(err, xpm.ErrUnauthorized)
}

func unreadable(err error) bool {
	return errors.Is(err, xpm.ErrMalformed) || errors.Is(err, xpm.ErrTooLarge)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Worded is an error that carries its own words: a failure only one package can recognise
// (a client not linked yet, a duplicate email) still reads like every other.
type Worded struct {
	Problem
	Err error // the cause, for errors.Is and the log; may be nil
}

// New makes an error that reads as reason and fix wherever it is shown.
func New(reason, fix string, action Action) error {
	return &Worded{Problem: Problem{Reason: reason, Fix: fix, Action: action, Known: true}}
}

func (w *Worded) Error() string { return w.text() }
func (w *Worded) Unwrap() error { return w.Err }

func (p Problem) text() string {
	if p.Fix == "" {
		return p.Reason
	}
	return capital(p.Reason) + ". " + p.Fix
}
