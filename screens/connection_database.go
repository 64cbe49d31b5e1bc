package screens

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// DatabaseService is what the "Shared practice database" setting needs; the Connection tab
// shows the setting when its service offers it.
type DatabaseService interface {
	// Database is the shared database this seat uses from its next start, without its password
	// ("" = this computer's own file).
	Database() string
	// SetDatabase saves the choice (the password goes to the keychain); "" = this computer's file.
	SetDatabase(dbURL, password string) error
	// CopyToDatabase copies this computer's data into the empty shared database and says what it did.
	CopyToDatabase(ctx context.Context, dbURL, password string) (string, error)
}

// databaseSection is the setting inside Advanced.
type databaseSection struct {
	svc    DatabaseService
	status *widget.Label
	// copyDone is called on the UI goroutine once a copy has been reported (tests wait on it).
	copyDone func()

	URL      *widget.Entry
	Password *widget.Entry
	Save     *widget.Button
	Copy     *widget.Button
}

func newDatabaseSection(svc DatabaseService, status *widget.Label) *databaseSection {
	d := &databaseSection{svc: svc, status: status}
	d.URL = widget.NewEntry()
	d.URL.SetPlaceHolder("postgres://user@server:5432/database?sslmode=require (empty = this computer only)")
	d.URL.SetText(svc.Database())
	d.Password = widget.NewPasswordEntry()
	d.Password.SetPlaceHolder("Password (kept in the keychain)")
	d.Save = widget.NewButton("Use this database", d.onSave)
	d.Copy = widget.NewButton("Copy this computer's data there", d.onCopy)
	return d
}

func (d *databaseSection) content() fyne.CanvasObject {
	help := widget.NewLabel("Shared practice database: several seats share one PostgreSQL database " +
		"and one of them syncs with XPM. See the README for setting one up.")
	help.Wrapping = fyne.TextWrapWord
	return container.NewVBox(widget.NewSeparator(), help, d.URL, d.Password, container.NewHBox(d.Save, d.Copy))
}

func (d *databaseSection) onSave() {
	if err := d.svc.SetDatabase(strings.TrimSpace(d.URL.Text), d.Password.Text); err != nil {
		d.status.SetText(err.Error())
		return
	}
	d.Password.SetText("")
	if strings.TrimSpace(d.URL.Text) == "" {
		d.status.SetText("Saved: from its next start XPM Sync uses this computer's own database.")
		return
	}
	d.status.SetText("Saved: from its next start XPM Sync uses the shared practice database.")
}

func (d *databaseSection) onCopy() {
	dbURL, pw := strings.TrimSpace(d.URL.Text), d.Password.Text
	if dbURL == "" {
		d.status.SetText("Enter the shared database's address first.")
		return
	}
	d.Copy.Disable()
	d.status.SetText("Copying this computer's data to the shared database…")
	go func() {
		msg, err := d.svc.CopyToDatabase(context.Background(), dbURL, pw)
		if err != nil {
			msg = err.Error()
		}
		fyne.Do(func() {
			d.Copy.Enable()
			d.status.SetText(msg)
			if d.copyDone != nil {
				d.copyDone()
			}
		})
	}()
}
