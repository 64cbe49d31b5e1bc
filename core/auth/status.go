package auth

import (
	"errors"
	"fmt"
	"time"
)

// State is where the connection to Xero stands.
type State int

// The connection states the Connection tab shows.
const (
	NotConnected   State = iota // no saved connection (Problem may say why, e.g. no keychain)
	Waiting                     // a login is open in the browser
	Connected                   // a saved connection that Xero accepted last time it was asked
	NeedsReconnect              // Xero refused the saved connection; Why says why
)

func (s State) String() string {
	switch s {
	case NotConnected:
		return "not connected"
	case Waiting:
		return "waiting for the browser"
	case Connected:
		return "connected"
	case NeedsReconnect:
		return "needs reconnecting"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// Status is everything the Connection tab and `xpmsync status` show. It holds no secrets.
type Status struct {
	State            State
	Practice         string // XPM tenant name ("" when Xero gives none)
	TenantID         string
	Since            time.Time // connected since
	Email            string    // who connected, from the id_token
	AccessValidUntil time.Time // zero until the first access token in this process
	Why              string    // NeedsReconnect: the plain reason
	Problem          string    // NotConnected: what stops connecting (e.g. no keychain) and the fix
}

// Summary is the one-line status in plain words.
func (s Status) Summary() string {
	switch s.State {
	case Waiting:
		return "Waiting for the browser…"
	case Connected:
		practice := s.Practice
		if practice == "" {
			practice = "Xero Practice Manager"
		}
		out := "Connected to " + practice
		if !s.Since.IsZero() {
			out += " since " + s.Since.Local().Format("2 Jan 2006")
		}
		if s.Email != "" {
			out += " as " + s.Email
		}
		return out
	case NeedsReconnect:
		return "Needs reconnecting: " + s.Why
	}
	if s.Problem != "" {
		return "Not connected: " + s.Problem
	}
	return "Not connected"
}

// ErrNotConnected means there is no saved Xero connection.
var ErrNotConnected = errors.New("XPM Sync is not connected to Xero; connect on the Connection tab or run `xpmsync connect`")

// ErrNeedsReconnect is matched (errors.Is) by every ReconnectError.
var ErrNeedsReconnect = errors.New("XPM needs reconnecting")

// ReconnectError says Xero no longer accepts the saved connection and why, in plain words.
type ReconnectError struct {
	Why string
	Err error // Xero's answer, for the log
}

func (e *ReconnectError) Error() string {
	return "XPM needs reconnecting: " + e.Why + "; click Reconnect on the Connection tab or run `xpmsync connect`"
}

// Is makes errors.Is(err, ErrNeedsReconnect) true.
func (e *ReconnectError) Is(target error) bool { return target == ErrNeedsReconnect }

func (e *ReconnectError) Unwrap() error { return e.Err }

// RemoteCleanupError is returned by Disconnect when the local entries were removed but
// Xero could not be told; the user must remove the app in Xero by hand.
type RemoteCleanupError struct {
	Err error
}

func (e *RemoteCleanupError) Error() string {
	return "disconnected on this computer, but Xero could not be reached to end the connection: remove XPM Sync in Xero " +
		"by hand (your name → Account → Connected apps → XPM Sync → Disconnect)"
}

func (e *RemoteCleanupError) Unwrap() error { return e.Err }
