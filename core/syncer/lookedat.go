package syncer

import (
	"context"
	"database/sql"
	"fmt"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// ClearConflict takes the "conflict" flag off a local client once the practice has looked at
// what the sync decided (the losing values stay in the client's history). A sync raises the flag
// again only for a new conflict. Other flags (deleted, merged, archived in XPM) are XPM's state,
// which the next sync would raise again, so they stay.
func (e *Engine) ClearConflict(ctx context.Context, clientID int64) error {
	err := e.st.WithTxEvents(ctx, e.feed, func(tx *sql.Tx, rec *store.Recorder) error {
		lc, err := e.st.ClientTx(ctx, tx, clientID)
		if err != nil {
			return err
		}
		if lc.Review != "conflict" {
			return nil
		}
		lc.Review = ""
		if err := e.st.UpdateClientTx(ctx, tx, &lc); err != nil {
			return err
		}
		return rec.Record(store.Event{Kind: model.EventClientUpdated, ClientID: lc.ID, XPMUUID: lc.XPMUUID, ClientName: lc.Client.Name,
			Details: "Conflict looked at: the flag is cleared; the values the sync replaced stay in the client's history"})
	})
	if err != nil {
		return fmt.Errorf("clear the conflict flag: %w", err)
	}
	return nil
}
