package syncer

import (
	"context"
	"io"

	"xpmsync/core/model"
)

// Policy reads the saved sync settings (the Sync Settings tab).
func (e *Engine) Policy(ctx context.Context) (Policy, error) { return LoadPolicy(ctx, e.st) }

// SavePolicy saves the sync settings and records the change; the next sync and every local
// save read them, so they apply without a restart.
func (e *Engine) SavePolicy(ctx context.Context, p Policy) error {
	old, _ := LoadPolicy(ctx, e.st)
	if err := SavePolicy(ctx, e.st, p); err != nil {
		return err
	}
	if old != p {
		e.emit(ctx, storeEvent(model.EventSettingsChanged, "Sync settings: "+p.Direction.String()+", "+p.Level.String()+
			map[bool]string{true: ", import all XPM clients", false: ", pick XPM clients"}[p.ImportAll]+", mobiles +"+p.DefaultCountryCode))
	}
	return nil
}

// Resync runs a manual sync ("Resync now" = Delta, "Resync all" = Full), once per 5 minutes each.
func (e *Engine) Resync(ctx context.Context, kind Kind) (Result, error) {
	return e.Sync(ctx, kind, TriggerManual, nil)
}

// WriteSummary writes the sync summary CSV ("Download sync summary").
func (e *Engine) WriteSummary(ctx context.Context, w io.Writer) error {
	return WriteSummaryCSV(ctx, e.st, w)
}
