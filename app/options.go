package app

import "xpmsync/screens"

// Options are the command-line choices that shape a run of the app.
type Options struct {
	DataDir     string // where the database lives (and this seat's settings when it uses a shared one)
	Database    string // --database: the practice's shared PostgreSQL URL ("" = XPMSYNC_DATABASE, the saved choice, or SQLite)
	Demo        bool   // serve a fake XPM in-process and connect to it
	DemoClients int    // how many clients the demo practice has
	DemoFaults  string // faults the demo practice injects (ParseDemoFaults)
	DemoFresh   bool   // the demo practice just connected, without the few days of history
	XeroBase    string // replaces scheme and host of every Xero URL ("" = real Xero)
	ClientID    string // the Xero app's client ID (PKCE: no secret)
	ReadOnly    bool   // only reads (status): no single-instance lock, no token refresh

	// UIRunner is how the tabs do their background work: nil is screens.Background; widget
	// tests pass screens.Blocking, which runs the same goroutine and fyne.Do path and waits.
	UIRunner screens.Runner
}
