package linking

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
)

// Direction is which way one field is settled in the Sync dialog.
type Direction int

const (
	// ToLocal copies XPM's value into the local record (XPM → local).
	ToLocal Direction = iota
	// ToXPM sends the local value to XPM (local → XPM).
	ToXPM
)

// Save saves a local client through the engine (a new one when lc.ID is 0) after checking it;
// a linked client's changes are queued for XPM by the engine's rules.
func (s *Service) Save(ctx context.Context, lc *store.LocalClient) error {
	_, err := s.SaveSaying(ctx, lc)
	return err
}

// SaveSaying saves like Save and says in one line what becomes of the save: sent to XPM,
// waiting to send, or kept here only and why.
func (s *Service) SaveSaying(ctx context.Context, lc *store.LocalClient) (string, error) {
	c := &lc.Client
	c.Name = strings.TrimSpace(c.Name)
	c.Email = strings.TrimSpace(c.Email)
	if p := Problems(c.Name, c.Email, c.Phone, c.Fax); len(p) > 0 {
		var words []string
		for _, f := range model.ClientFields {
			if msg, ok := p[f.Key]; ok {
				words = append(words, msg)
			}
		}
		return "", fmt.Errorf("not saved: %s", strings.Join(words, " "))
	}
	isNew := lc.ID == 0
	rep, err := s.engine.SaveLocalClientReport(ctx, lc)
	if err != nil {
		return "", err
	}
	return SaveLine(rep, isNew, lc.XPMUUID != "", s.Online()), nil
}

// SaveLine is the one line that says what becomes of a save.
func SaveLine(rep syncer.SaveReport, isNew, linked, online bool) string {
	switch {
	case isNew:
		return "Added here only — not in XPM until you press Create in XPM or link it."
	case rep.Changed == 0:
		return "Nothing changed."
	case !linked:
		return "Kept here only — this client is not linked to XPM."
	case rep.Queued > 0 && online:
		return "Sent to XPM."
	case rep.Queued > 0:
		return "Waiting to send — offline. It goes to XPM when XPM Sync is connected again."
	case rep.Policy.Level != syncer.Everything:
		return "Kept here only — Sync level is " + rep.Policy.Level.String() + "."
	case rep.Policy.Direction == syncer.FromXPM:
		return "Kept here only — Sync direction is From XPM, so XPM's values win at the next sync."
	}
	return "Kept here only — these fields always come from XPM."
}

// Link links a local client to an XPM client the user chose. The XPM record is read first when
// it is not mirrored yet (a fresh search result), so the link and the differences are exact.
func (s *Service) Link(ctx context.Context, clientID int64, uuid string) error {
	if _, err := s.st.XPMClientByUUID(ctx, uuid); errors.Is(err, store.ErrNotFound) {
		api, err := s.client()
		if err != nil {
			return err
		}
		x, err := api.GetClient(ctx, uuid)
		if err != nil {
			return fmt.Errorf("read the XPM client to link: %w", err)
		}
		if err := s.mirror(ctx, x); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	if err := s.engine.LinkClient(ctx, clientID, uuid); err != nil {
		return err
	}
	if err := s.clearSuggestions(ctx, clientID, uuid); err != nil {
		return err
	}
	return s.markRefreshed(ctx, clientID)
}

// Unlink disconnects a local client from XPM. Both records stay; changes still waiting to be
// sent to that XPM client are cancelled so nothing reaches a client the user disconnected.
func (s *Service) Unlink(ctx context.Context, clientID int64) error {
	return s.st.WithTx(ctx, func(tx *sql.Tx) error {
		lc, err := s.st.ClientTx(ctx, tx, clientID)
		if err != nil {
			return err
		}
		if lc.XPMUUID == "" {
			return nil
		}
		old := lc.XPMUUID
		lc.XPMUUID, lc.Client.UUID, lc.LinkHow, lc.LinkedAt = "", "", "", time.Time{}
		if err := s.st.UpdateClientTx(ctx, tx, &lc); err != nil {
			return err
		}
		if err := s.st.ClearBaselineTx(ctx, tx, clientID); err != nil {
			return err
		}
		if err := s.st.SettleClientQueuedEventsTx(ctx, tx, clientID, "skipped", "not sent: the client was disconnected from XPM first"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = ?, last_error = ? WHERE client_id = ? AND state IN (?, ?)`,
			store.OutboxFailed, "Not sent: the client was disconnected from XPM first", clientID, store.OutboxPending, store.OutboxUnknown); err != nil {
			return fmt.Errorf("cancel changes waiting for XPM: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM client_refresh WHERE client_id = ?`, clientID); err != nil {
			return fmt.Errorf("forget refresh time: %w", err)
		}
		return s.st.AddEventTx(ctx, tx, store.Event{At: s.now(), Kind: model.EventClientUnlinked, ClientID: clientID, XPMUUID: old,
			ClientName: lc.Client.Name, Details: "Disconnected from XPM in the Clients tab"})
	})
}

// mirror stores one record read from XPM, keeping the sync run that last listed it so a full
// sync running meanwhile does not take it for gone. The run is read and written back in one
// transaction: a full sync's batch cannot slip in between and have its newer run overwritten.
func (s *Service) mirror(ctx context.Context, x model.Client) error {
	return s.st.WithTx(ctx, func(tx *sql.Tx) error {
		var run int64
		err := tx.QueryRowContext(ctx, `SELECT seen_run FROM xpm_clients WHERE uuid = ?`+s.st.ForUpdate(), x.UUID).Scan(&run)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read when XPM last listed %q: %w", x.Name, err)
		}
		if mirrorHook != nil {
			mirrorHook()
		}
		_, err = s.st.UpsertXPMClientsTx(ctx, tx, run, []model.Client{x})
		return err
	})
}

// mirrorHook runs between reading and writing the sync run (tests interleave a sync there).
var mirrorHook func()

func (s *Service) markRefreshed(ctx context.Context, clientID int64) error {
	_, err := s.st.DB().ExecContext(ctx, `INSERT INTO client_refresh(client_id, refreshed_at) VALUES(?,?)
		ON CONFLICT(client_id) DO UPDATE SET refreshed_at = excluded.refreshed_at`, clientID, s.now().Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("record refresh time: %w", err)
	}
	return nil
}

// LastRefreshed is when the client was last refreshed from XPM in this tab (zero = never).
func (s *Service) LastRefreshed(ctx context.Context, clientID int64) (time.Time, error) {
	var at string
	err := s.st.DB().QueryRowContext(ctx, `SELECT refreshed_at FROM client_refresh WHERE client_id = ?`, clientID).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("read refresh time: %w", err)
	}
	t, _ := time.Parse(time.RFC3339Nano, at)
	return t, nil
}

// Refresh reads one linked client from XPM now and updates the mirror, so the differences
// shown are XPM's current values; it records the time of the refresh.
func (s *Service) Refresh(ctx context.Context, clientID int64) error {
	lc, err := s.st.Client(ctx, clientID)
	if err != nil {
		return err
	}
	if lc.XPMUUID == "" {
		return fmt.Errorf("%q is not connected to XPM: use Connect to XPM first", lc.Client.Name)
	}
	api, err := s.client()
	if err != nil {
		return err
	}
	x, err := api.GetClient(ctx, lc.XPMUUID)
	if err != nil {
		return fmt.Errorf("refresh %q from XPM: %w", lc.Client.Name, err)
	}
	if err := s.mirror(ctx, x); err != nil {
		return err
	}
	return s.markRefreshed(ctx, clientID)
}

// Staff reads the staff links and names Differences needs.
func (s *Service) Staff(ctx context.Context) (Staff, error) {
	links, err := s.st.StaffLinksTx(ctx, s.st.DB())
	if err != nil {
		return Staff{}, err
	}
	st := Staff{Links: links, Names: map[string]string{}}
	xs, err := s.st.XPMStaff(ctx)
	if err != nil {
		return st, err
	}
	for _, x := range xs {
		st.Names[x.UUID] = x.Name
	}
	ms, err := s.st.TeamMembers(ctx)
	if err != nil {
		return st, err
	}
	for _, m := range ms {
		if m.XPMUUID != "" && st.Names[m.XPMUUID] == "" {
			st.Names[m.XPMUUID] = m.Name
		}
	}
	return st, nil
}

// Import creates a local client from an XPM client not imported yet (seed 000: picked, never
// created automatically) and returns its ID.
func (s *Service) Import(ctx context.Context, uuid string) (int64, error) {
	id, err := s.engine.ImportClient(ctx, uuid)
	if err != nil {
		return 0, err
	}
	return id, s.markRefreshed(ctx, id)
}

// ClearConflict takes the conflict flag off a client the practice has looked at; the values
// the sync replaced stay in its history.
func (s *Service) ClearConflict(ctx context.Context, clientID int64) error {
	return s.engine.ClearConflict(ctx, clientID)
}
