package xpm

import (
	"errors"
	"fmt"
	"regexp"
	"time"
)

// Sentinel errors, usable with errors.Is on anything the client returns.
var (
	// ErrUnauthorized means Xero refused the access token even after one refresh: sign in again.
	ErrUnauthorized = errors.New("xpm: Xero did not accept the sign-in (sign in to Xero again)")
	// ErrForbidden means the practice (tenant) is not connected to this app any more, or the
	// tenant id is wrong: reconnect the practice.
	ErrForbidden = errors.New("xpm: Xero refused access to this practice (reconnect the practice)")
	// ErrNotFound means the record does not exist (HTTP 404, or an XPM "not found"/"invalid identifier" error).
	ErrNotFound = errors.New("xpm: record not found in Xero Practice Manager")
	// ErrConflict is XPM's 409: the record changed or the link already exists.
	ErrConflict = errors.New("xpm: Xero Practice Manager reported a conflict")
	// ErrOutcomeUnknown means a non-idempotent request (an add, a delete by POST) may or may
	// not have taken effect: the caller must look before sending it again.
	ErrOutcomeUnknown = errors.New("xpm: the request may or may not have been applied")
	// ErrMalformed means the response was not the XML/JSON the API documents.
	ErrMalformed = errors.New("xpm: unreadable response from Xero")
	// ErrTooLarge means a response or a single element went past the safety limits.
	ErrTooLarge = errors.New("xpm: response from Xero is larger than allowed")
	// ErrTruncated means the response ended early (connection dropped mid-body).
	ErrTruncated = errors.New("xpm: response from Xero ended early")
	// ErrUnavailable means Xero kept failing (5xx, timeouts) after the retries ran out.
	ErrUnavailable = errors.New("xpm: Xero Practice Manager is not answering properly right now")
)

// APIError is an error reported by XPM itself: <Status>ERROR</Status> (under HTTP 200 or
// 500), or a 400/404/409 problem body.
type APIError struct {
	Method      string // the operation, e.g. "POST client.api/add"
	Description string // XPM's ErrorDescription or the problem Detail
	HTTPStatus  int
}

func (e *APIError) Error() string {
	return fmt.Sprintf("xpm: %s: %s", e.Method, e.Description)
}

// notFoundText matches XPM's wording for an unknown record ("Invalid client identifier",
// "Client not found"). "Invalid staff identifier for AccountManagerUUID" does not match: there
// the record being written exists and a value inside it is wrong.
var notFoundText = regexp.MustCompile(`(?i)^invalid \w+ identifier\.?$|not found|does not exist`)

// Is lets errors.Is(err, ErrNotFound) and ErrConflict see through APIError.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.HTTPStatus == 404 || notFoundText.MatchString(e.Description)
	case ErrConflict:
		return e.HTTPStatus == 409
	}
	return false
}

// RateLimitError is a 429 the client will not wait out: the daily allowance (or a wait longer
// than the client is configured to sit through). Until says when calls may resume.
type RateLimitError struct {
	Problem    string // X-Rate-Limit-Problem: "day", "minute", "concurrent", …
	RetryAfter time.Duration
	Until      time.Time
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("xpm: Xero's %s call limit for this practice is used up; it returns at %s (in %s)",
		e.Problem, e.Until.Local().Format("Mon 15:04"), e.RetryAfter.Round(time.Second))
}

// StatusError is an HTTP status the client has no better name for (after retries, if any).
type StatusError struct {
	Method string
	Code   int
	Detail string
}

func (e *StatusError) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("xpm: %s: HTTP %d", e.Method, e.Code)
	}
	return fmt.Sprintf("xpm: %s: HTTP %d: %s", e.Method, e.Code, e.Detail)
}

// Is maps 5xx to ErrUnavailable so callers can say "try later".
func (e *StatusError) Is(target error) bool {
	return target == ErrUnavailable && e.Code >= 500
}

// callbackError carries an error returned by the caller's per-item function, so the retry
// loop never retries (or relabels) the caller's own failure.
type callbackError struct{ err error }

func (e *callbackError) Error() string { return e.err.Error() }
func (e *callbackError) Unwrap() error { return e.err }
