package syncer

import (
	"context"
	"database/sql"

	"fmt"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/words"
)

// ImportClient creates a local client from a mirrored XPM client the user picked (seed 000:
// XPM clients are listed to pick, not created automatically). Contacts are validated as a
// sync would; it returns the new local client's ID, or the existing one if already imported.
func (e *Engine) ImportClient(ctx context.Context, xpmUUID string) (int64, error) {
	p, err := LoadPolicy(ctx, e.st)
	if err != nil {
		return 0, err
	}
	x, err := e.st.XPMClientByUUID(ctx, xpmUUID)
	if err != nil {
		return 0, fmt.Errorf("import XPM client: %w", err)
	}
	if x.LinkedID != 0 {
		return x.LinkedID, nil
	}
	var id int64
	err = e.st.WithTxEvents(ctx, e.feed, func(tx *sql.Tx, rec *store.Recorder) error {
		links, err := e.st.StaffLinksTx(ctx, tx)
		if err != nil {
			return err
		}
		pl := importPlan(p, &x.Client, links)
		if id, err = e.st.InsertClientTx(ctx, tx, &pl.Local); err != nil {
			return err
		}
		if err := e.st.SetBaselineTx(ctx, tx, id, pl.Baseline); err != nil {
			return err
		}
		if err := e.st.ReplaceIssuesTx(ctx, tx, x.UUID, 0, pl.Issues); err != nil {
			return err
		}
		ev := store.Event{Kind: model.EventClientCreated, ClientID: id, XPMUUID: x.UUID, ClientName: x.Name,
			Details: fmt.Sprintf("Picked from XPM with %s (%d not imported, see the sync summary)", words.Count(len(pl.Local.Client.Contacts), "contact"), len(pl.Issues))}
		return rec.Record(ev)
	})
	if err != nil {
		return 0, fmt.Errorf("import XPM client %q: %w", x.Name, err)
	}
	return id, nil
}

// LinkClient links an existing local client to an XPM client (both records existed before).
// There is no baseline yet, so the next sync settles every synced field by the direction.
func (e *Engine) LinkClient(ctx context.Context, clientID int64, xpmUUID string) error {
	x, err := e.st.XPMClientByUUID(ctx, xpmUUID)
	if err != nil {
		return fmt.Errorf("link client: %w", err)
	}
	if x.LinkedID != 0 && x.LinkedID != clientID {
		return fmt.Errorf("XPM client %q is already linked to another client here", x.Name)
	}
	err = e.st.WithTxEvents(ctx, e.feed, func(tx *sql.Tx, rec *store.Recorder) error {
		lc, err := e.st.ClientTx(ctx, tx, clientID)
		if err != nil {
			return err
		}
		lc.XPMUUID, lc.Client.UUID, lc.LinkHow, lc.LinkedAt = xpmUUID, xpmUUID, "manual", e.now()
		if err := e.st.UpdateClientTx(ctx, tx, &lc); err != nil {
			return err
		}
		if err := e.st.ClearBaselineTx(ctx, tx, clientID); err != nil {
			return err
		}
		ev := store.Event{Kind: model.EventClientLinked, ClientID: clientID, XPMUUID: xpmUUID, ClientName: lc.Client.Name,
			Details: fmt.Sprintf("Linked to XPM client %q", x.Name)}
		return rec.Record(ev)
	})
	if err != nil {
		return fmt.Errorf("link client %d to XPM: %w", clientID, err)
	}
	return nil
}
