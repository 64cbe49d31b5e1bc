// Package problemtest is test support: the failures a user meets, each with the one line
// core/problem words it as. Every path that shows a failure (a tab, the alert banner and its
// notification, the Integration Progress list, the command line) runs these through its own
// code and checks it shows exactly these words.
package problemtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"xpmsync/core/auth"
	"xpmsync/core/store"
	"xpmsync/core/xpm"
)

// Case is one failure and the words it must read as everywhere.
type Case struct {
	Name string
	Err  error
	Want string
}

// Until is when the rate limits of the cases lift.
var Until = time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)

// sqliteCode stands for modernc.org/sqlite's error, which only the driver can make.
type sqliteCode int

func (c sqliteCode) Error() string { return fmt.Sprintf("database is locked (%d)", int(c)) }
func (c sqliteCode) Code() int     { return int(c) }

// Cases are wrapped the way the engine wraps them, so the words must see through the context.
func Cases() []Case {
	at := Until.Local().Format("Mon 15:04")
	netDown := &url.Error{Op: "Get", URL: "https://api.xero.com/practicemanager/3.1/staff.api/list",
		Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: network is unreachable")}}
	return []Case{
		{"not connected", fmt.Errorf("fetch staff: %w", auth.ErrNotConnected),
			"XPM Sync is not connected to XPM. Connect on the Connection tab, then try again."},
		{"token expired", &auth.ReconnectError{Why: "the sign-in expired after 60 days unused", Err: errors.New("invalid_grant")},
			"Xero no longer accepts this app's sign-in. Reconnect on the Connection tab."},
		{"token revoked", fmt.Errorf("fetch staff: %w", xpm.ErrUnauthorized),
			"Xero no longer accepts this app's sign-in. Reconnect on the Connection tab."},
		{"practice disconnected", fmt.Errorf("fetch staff: %w", xpm.ErrForbidden),
			"Xero refused access to this practice. Reconnect on the Connection tab with a user allowed to connect add-ons."},
		{"rate limited 60 a minute", fmt.Errorf("list clients: %w", &xpm.RateLimitError{Problem: "minute", RetryAfter: 10 * time.Minute, Until: Until}),
			"Xero's per-minute call limit for this practice is used up until " + at + ". Nothing was lost; XPM answers again after that."},
		{"rate limited daily", fmt.Errorf("list clients: %w", &xpm.RateLimitError{Problem: "day", RetryAfter: 5 * time.Hour, Until: Until}),
			"Xero's daily call allowance for this practice is used up until " + at + ". Nothing was lost; XPM answers again after that."},
		{"network down", fmt.Errorf("fetch staff: %w", netDown),
			"XPM can't be reached. Check the internet connection; nothing was lost."},
		{"timed out", fmt.Errorf("fetch staff: %w", context.DeadlineExceeded),
			"XPM can't be reached. Check the internet connection; nothing was lost."},
		{"XPM 5xx", fmt.Errorf("list clients: %w", &xpm.StatusError{Method: "GET client.api/list", Code: 503}),
			"XPM did not answer properly. This is usually brief on Xero's side; nothing was lost."},
		{"answer cut short", fmt.Errorf("list clients: %w", xpm.ErrTruncated),
			"XPM did not answer properly. This is usually brief on Xero's side; nothing was lost."},
		{"unreadable answer", fmt.Errorf("list clients: %w", xpm.ErrMalformed),
			"XPM sent an answer XPM Sync could not read. Nothing was lost. If it goes on, send the log to support (Help → About)."},
		{"validation refusal", fmt.Errorf("send contact: %w", &xpm.APIError{Method: "POST client.api/contact", Description: "Contact name is required.", HTTPStatus: 400}),
			"XPM did not take it: Contact name is required. It is kept here; correct it and save it again."},
		{"record gone", fmt.Errorf("read client: %w", &xpm.APIError{Method: "GET client.api/get", Description: "Client not found", HTTPStatus: 404}),
			"XPM no longer has this client (it may have been deleted or merged there). Check the client on the Clients tab; nothing was changed."},
		{"SQLite busy", fmt.Errorf("save batch: %w", sqliteCode(5)),
			"The practice database is busy with other work. Nothing was lost; it frees up in a moment."},
		{"PostgreSQL lock", fmt.Errorf("save batch: %w", &pgconn.PgError{Code: "55P03", Message: "could not obtain lock"}),
			"The practice database is busy with other work. Nothing was lost; it frees up in a moment."},
		{"database unreachable", fmt.Errorf("open: %w (db.example.lan:5432): %w", store.ErrUnreachable, errors.New("connection refused")),
			"The practice database can't be reached. Check that its server is on and that this computer is on the practice network or VPN; nothing was lost."},
		{"cancelled", fmt.Errorf("list clients: %w", context.Canceled),
			"It was cancelled. Nothing was lost; what was done before that is kept."},
		{"the app's own words", errors.New("enter the person's or entity's name"),
			"enter the person's or entity's name."},
	}
}
