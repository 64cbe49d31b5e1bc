package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"xpmsync/core/dbconfig"
	"xpmsync/core/store"

	"xpmsync/screens"
)

// errNoDatabaseYet is the answer to what needs the practice database while it cannot be reached.
var errNoDatabaseYet = errors.New("this needs the practice database, which cannot be reached yet; XPM Sync opens it as soon as it answers")

// waitingConnection is the Connection tab's service while the practice database cannot be
// opened: only the database setting works, and saving it tries again at once.
type waitingConnection struct{ ww *WaitWindow }

var (
	_ screens.ConnectionService = waitingConnection{}
	_ screens.DatabaseService   = waitingConnection{}
)

func (waitingConnection) Status() screens.ConnectionStatus {
	return screens.ConnectionStatus{State: screens.NotConnected,
		Why: "XPM Sync is waiting for the practice database. The connection to XPM is kept there; it shows here once the database can be reached."}
}

func (waitingConnection) Connect(context.Context, func(string), func([]screens.Practice) (screens.Practice, error)) error {
	return errNoDatabaseYet
}

func (waitingConnection) Test(context.Context) (screens.TestResult, error) {
	return screens.TestResult{}, errNoDatabaseYet
}

func (waitingConnection) Disconnect(context.Context, bool) error { return errNoDatabaseYet }
func (waitingConnection) ClientID() string                       { return "" }
func (waitingConnection) SetClientID(string) error               { return errNoDatabaseYet }
func (waitingConnection) RedirectURIs() []string                 { return redirectURIs() }

// Database is the address being tried (--database or XPMSYNC_DATABASE before the saved one),
// without its password.
func (c waitingConnection) Database() string {
	opts := c.ww.options()
	for _, u := range []string{opts.Database, os.Getenv(dbconfig.EnvDatabase)} {
		if u = strings.TrimSpace(u); u != "" {
			return store.RedactURL(u)
		}
	}
	return savedDatabase(opts.DataDir)
}

// SetDatabase saves the new address (or clears it: this computer's own file) and tries it at once.
func (c waitingConnection) SetDatabase(dbURL, password string) error {
	opts := c.ww.options()
	if err := saveDatabase(opts.DataDir, dbURL, password); err != nil {
		return err
	}
	if dbURL == "" && os.Getenv(dbconfig.EnvDatabase) != "" {
		return fmt.Errorf("saved, but %s is set on this computer and names the shared database; remove it to use this computer's own file", dbconfig.EnvDatabase)
	}
	full, err := dbconfig.WithPassword(dbURL, password)
	if err != nil {
		return err
	}
	c.ww.useDatabase(full)
	return nil
}

func (waitingConnection) CopyToDatabase(context.Context, string, string) (string, error) {
	return "", errors.New("copy this computer's data once XPM Sync has opened: clear the shared database's address above to open this computer's own file first")
}
