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
)

// Direction is which way one field is settled in the Sync dialog.
type Direction int

const (
	// ToLocal copies XPM's value into the local record (XPM → local).
	ToLocal Direction = iota
	// ToXPM sends the local value to XPM (local → XPM).
	ToXPM
)

// Choice is one ticked field of the Sync dialog.
type Choice struct {
	Key string // model.ClientField.Key
	Dir Direction
}

// SyncResult says what a field-by-field sync did.
type SyncResult struct {
	ToLocal []string // labels of fields given XPM's value
	ToXPM   []string // labels of fields sent to XPM
}

// Save saves a local client through the engine (a new one when lc.ID is 0) after checking it;
// a linked client's changes are queued for XPM by the engine's rules.
func (s *Service) Save(ctx context.Context, lc *store.LocalClient) error {
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
		return fmt.Errorf("not saved: %s", strings.Join(words, " "))
	}
	return s.engine.SaveLocalClient(ctx, lc)
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
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state = ?, last_error = ? WHERE client_id = ? AND state IN (?, ?)`,
			store.OutboxFailed, "Not sent: the client was disconnected from XPM first", clientID, store.OutboxPending, store.OutboxUnknown); err != nil {
			return fmt.Errorf("cancel changes waiting for XPM: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM client_refresh WHERE client_id = ?`, clientID); err != nil {
			return fmt.Errorf("forget refresh time: %w", err)
		}
		return s.st.AddEventTx(ctx, tx, store.Event{At: s.now(), Kind: "client_unlinked", ClientID: clientID, XPMUUID: old,
			ClientName: lc.Client.Name, Details: "Disconnected from XPM in the Clients tab"})
	})
}

// mirror stores one record read from XPM, keeping the sync run that last listed it so a full
// sync running meanwhile does not take it for gone.
func (s *Service) mirror(ctx context.Context, x model.Client) error {
	var run int64
	_ = s.st.DB().QueryRowContext(ctx, `SELECT seen_run FROM xpm_clients WHERE uuid = ?`, x.UUID).Scan(&run)
	_, err := s.st.UpsertXPMClients(ctx, run, []model.Client{x})
	return err
}

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

// ApplySync settles the chosen fields of a linked client in both directions at once: fields
// sent to XPM go first, in one update, and XPM's answer is read back into the mirror; then the
// fields taken from XPM are written to the local record in one transaction with their history.
// When XPM cannot be reached nothing is changed on either side.
//
// Local → XPM goes to the API directly, not through the outbox: the user is watching and asked
// for it now, and the engine's outbox only carries edits of local values.
func (s *Service) ApplySync(ctx context.Context, clientID int64, choices []Choice) (SyncResult, error) {
	p, err := s.loadSync(ctx, clientID)
	if err != nil {
		return SyncResult{}, err
	}
	if err := p.choose(choices); err != nil {
		return p.res, err
	}
	if len(p.push) > 0 {
		if sent, err := s.pushToXPM(ctx, p); !sent {
			return SyncResult{}, err
		} else if err != nil {
			return p.res, err
		}
	}
	if err := s.st.WithTx(ctx, func(tx *sql.Tx) error { return s.saveSyncTx(ctx, tx, p) }); err != nil {
		return p.res, fmt.Errorf("save the fields taken from XPM: %w", err)
	}
	return p.res, nil
}

// fieldSync is one field-by-field sync being applied.
type fieldSync struct {
	lc    store.LocalClient
	x     store.XPMClient
	staff Staff
	diffs map[string]Difference // by field key
	push  map[string]string     // XPM write name → local value
	take  []Difference
	res   SyncResult
}

// loadSync reads both sides of a linked client and their differences.
func (s *Service) loadSync(ctx context.Context, clientID int64) (*fieldSync, error) {
	lc, err := s.st.Client(ctx, clientID)
	if err != nil {
		return nil, err
	}
	if lc.XPMUUID == "" {
		return nil, fmt.Errorf("%q is not connected to XPM", lc.Client.Name)
	}
	x, err := s.st.XPMClientByUUID(ctx, lc.XPMUUID)
	if err != nil {
		return nil, err
	}
	staff, err := s.Staff(ctx)
	if err != nil {
		return nil, err
	}
	p := &fieldSync{lc: lc, x: x, staff: staff, diffs: map[string]Difference{}, push: map[string]string{}}
	for _, d := range Differences(lc, x.Client, staff) {
		p.diffs[d.Field.Key] = d
	}
	return p, nil
}

// choose sorts the user's choices into fields to send and fields to take.
func (p *fieldSync) choose(choices []Choice) error {
	for _, ch := range choices {
		d, ok := p.diffs[ch.Key]
		if !ok {
			continue // settled meanwhile
		}
		if ch.Dir != ToXPM {
			p.take = append(p.take, d)
			p.res.ToLocal = append(p.res.ToLocal, d.Field.Label)
			continue
		}
		if !d.CanPush {
			return fmt.Errorf("%s cannot be sent to XPM", d.Field.Label)
		}
		p.push[d.Field.Write] = d.Local
		p.res.ToXPM = append(p.res.ToXPM, d.Field.Label)
	}
	return nil
}

// pushToXPM sends the chosen fields in one update and reads XPM's answer back into the mirror.
// sent is false when XPM did not take the change.
func (s *Service) pushToXPM(ctx context.Context, p *fieldSync) (sent bool, err error) {
	api, err := s.client()
	if err != nil {
		return false, err
	}
	if _, err := api.UpdateClient(ctx, p.lc.XPMUUID, p.x.Name, p.push); err != nil {
		return false, fmt.Errorf("send %s to XPM: %w", strings.Join(p.res.ToXPM, ", "), err)
	}
	// Read back what XPM now holds (the update's answer may omit details).
	got, err := api.GetClient(ctx, p.lc.XPMUUID)
	if err != nil {
		return true, fmt.Errorf("XPM took the change but could not be read back; press Refresh: %w", err)
	}
	if err := s.mirror(ctx, got); err != nil {
		return true, err
	}
	return true, s.markRefreshed(ctx, p.lc.ID)
}

// saveSyncTx writes the fields taken from XPM to the local record, the history of both
// directions, the new baseline and one event.
func (s *Service) saveSyncTx(ctx context.Context, tx *sql.Tx, p *fieldSync) error {
	clientID := p.lc.ID
	cur, err := s.st.ClientTx(ctx, tx, clientID)
	if err != nil {
		return err
	}
	base, hasBase, err := s.st.BaselineTx(ctx, tx, clientID)
	if err != nil {
		return err
	}
	if !hasBase {
		base = nil
	}
	if err := s.takeFieldsTx(ctx, tx, p, &cur, base); err != nil {
		return err
	}
	if err := s.recordPushTx(ctx, tx, p, base); err != nil {
		return err
	}
	if len(p.take) > 0 {
		if err := s.st.UpdateClientTx(ctx, tx, &cur); err != nil {
			return err
		}
	}
	if hasBase {
		if err := s.st.SetBaselineTx(ctx, tx, clientID, base); err != nil {
			return err
		}
	}
	return s.syncEventTx(ctx, tx, p, cur.Client.Name)
}

// takeFieldsTx sets XPM's values on cur with their history; base (nil when none) follows.
func (s *Service) takeFieldsTx(ctx context.Context, tx *sql.Tx, p *fieldSync, cur *store.LocalClient, base map[string]string) error {
	for _, d := range p.take {
		old := d.Local
		switch d.Field.Key {
		case "AccountManager":
			cur.PartnerStaffID = p.staff.Links.ToLocal[d.XPM]
			cur.Client.AccountManager = p.x.AccountManager
		case "JobManager":
			cur.ManagerStaffID = p.staff.Links.ToLocal[d.XPM]
			cur.Client.JobManager = p.x.JobManager
		default:
			old = d.Field.Get(&cur.Client)
			d.Field.Set(&cur.Client, d.XPM)
		}
		if err := s.st.AddHistoryTx(ctx, tx, store.FieldChange{ClientID: p.lc.ID, Field: d.Field.Key, Old: old, New: d.XPM,
			Source: store.SourceUser}); err != nil {
			return err
		}
		if base != nil {
			base[d.Field.Key] = d.XPM
		}
	}
	return nil
}

// recordPushTx records the history of the fields sent to XPM; base (nil when none) follows.
func (s *Service) recordPushTx(ctx context.Context, tx *sql.Tx, p *fieldSync, base map[string]string) error {
	for k, v := range p.push {
		f := fieldByWrite(k)
		if err := s.st.AddHistoryTx(ctx, tx, store.FieldChange{ClientID: p.lc.ID, Field: f.Key, Old: p.diffs[f.Key].XPM, New: v,
			Source: store.SourceLocal}); err != nil {
			return err
		}
		if base != nil {
			base[f.Key] = v
		}
	}
	return nil
}

// syncEventTx records one event naming what went each way, when anything did.
func (s *Service) syncEventTx(ctx context.Context, tx *sql.Tx, p *fieldSync, name string) error {
	var parts []string
	if len(p.res.ToLocal) > 0 {
		parts = append(parts, "from XPM: "+strings.Join(p.res.ToLocal, ", "))
	}
	if len(p.res.ToXPM) > 0 {
		parts = append(parts, "to XPM: "+strings.Join(p.res.ToXPM, ", "))
	}
	if len(parts) == 0 {
		return nil
	}
	return s.st.AddEventTx(ctx, tx, store.Event{At: s.now(), Kind: "client_updated", ClientID: p.lc.ID, XPMUUID: p.lc.XPMUUID,
		ClientName: name, Details: "Synced field by field in the Clients tab — " + strings.Join(parts, "; ")})
}

func fieldByWrite(w string) model.ClientField {
	for _, f := range model.ClientFields {
		if f.Write == w {
			return f
		}
	}
	return model.ClientField{Key: w, Label: w}
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
