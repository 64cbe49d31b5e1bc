package linking

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// Choice is one ticked field of the Sync dialog.
type Choice struct {
	Key string // model.ClientField.Key
	Dir Direction
	// Seen is XPM's value as the dialog showed it (nil = the mirror's value now). A field XPM
	// changed after that is not overwritten: the dialog shows the new value and asks again.
	Seen *string
	// Clear confirms sending a blank over a value XPM has (never done by default).
	Clear bool
}

// SyncResult says what a field-by-field sync did.
type SyncResult struct {
	ToLocal []string // labels of fields given XPM's value
	ToXPM   []string // labels of fields sent to XPM (or waiting to be sent)
	Waiting bool     // the fields for XPM wait in the outbox: XPM cannot be reached now
}

// ClearError lists the fields whose blank local value would wipe XPM's value. Nothing was
// changed; the user confirms by name and the choice is sent again with Clear set.
type ClearError struct{ Labels []string }

func (e *ClearError) Error() string {
	return "sending " + strings.Join(e.Labels, ", ") + " would clear XPM's value with a blank one; confirm to do that"
}

// ApplySync settles the chosen fields of a linked client in both directions at once. Fields
// taken from XPM are written here in one transaction with their history. Fields sent to XPM go
// through the outbox like every other push: XPM is read again first and only the chosen fields
// are sent, never over a value XPM changed since the comparison. Offline they wait in the outbox.
func (s *Service) ApplySync(ctx context.Context, clientID int64, choices []Choice) (SyncResult, error) {
	var res SyncResult
	lc, x, staff, diffs, err := s.syncState(ctx, clientID)
	if err != nil {
		return res, err
	}
	push, seen := map[string]string{}, map[string]string{}
	var take []Difference
	var blanks []string
	for _, ch := range choices {
		d, ok := diffs[ch.Key]
		if !ok {
			continue // settled meanwhile
		}
		if ch.Dir == ToLocal {
			take = append(take, d)
			res.ToLocal = append(res.ToLocal, d.Field.Label)
			continue
		}
		if !d.CanPush {
			return SyncResult{}, fmt.Errorf("%s comes from XPM and cannot be sent to it", d.Field.Label)
		}
		if strings.TrimSpace(d.Local) == "" && strings.TrimSpace(d.XPM) != "" && !ch.Clear {
			blanks = append(blanks, d.Field.Label)
		}
		push[d.Field.Write] = d.Local
		seen[d.Field.Write] = strings.TrimSpace(d.Field.Get(&x.Client))
		if ch.Seen != nil {
			seen[d.Field.Write] = *ch.Seen
		}
		res.ToXPM = append(res.ToXPM, d.Field.Label)
	}
	if len(blanks) > 0 {
		return SyncResult{}, &ClearError{Labels: blanks}
	}
	if len(take) > 0 {
		if err := s.takeFromXPM(ctx, lc, x, staff, take, res.ToLocal); err != nil {
			return res, err
		}
	}
	if len(push) == 0 {
		return res, nil
	}
	return s.pushChosen(ctx, clientID, push, seen, res)
}

// syncState reads a linked client, its mirror and their differences by field key.
func (s *Service) syncState(ctx context.Context, clientID int64) (store.LocalClient, store.XPMClient, Staff, map[string]Difference, error) {
	lc, err := s.st.Client(ctx, clientID)
	if err != nil {
		return lc, store.XPMClient{}, Staff{}, nil, err
	}
	if lc.XPMUUID == "" {
		return lc, store.XPMClient{}, Staff{}, nil, fmt.Errorf("%q is not connected to XPM", lc.Client.Name)
	}
	x, err := s.st.XPMClientByUUID(ctx, lc.XPMUUID)
	if err != nil {
		return lc, x, Staff{}, nil, err
	}
	staff, err := s.Staff(ctx)
	if err != nil {
		return lc, x, staff, nil, err
	}
	diffs := map[string]Difference{}
	for _, d := range Differences(lc, x.Client, staff) {
		diffs[d.Field.Key] = d
	}
	return lc, x, staff, diffs, nil
}

// pushChosen queues the fields for XPM and, when connected, sends them at once.
func (s *Service) pushChosen(ctx context.Context, clientID int64, push, seen map[string]string, res SyncResult) (SyncResult, error) {
	id, err := s.engine.QueueFieldPush(ctx, clientID, push, seen)
	if err != nil {
		return res, err
	}
	if _, err := s.client(); err != nil {
		res.Waiting = true
		return res, nil
	}
	waiting, err := s.engine.SendNow(ctx, id)
	res.Waiting = waiting
	if err != nil {
		return res, err
	}
	return res, s.markRefreshed(ctx, clientID)
}

// takeFromXPM writes XPM's values of the chosen fields here, with their history.
func (s *Service) takeFromXPM(ctx context.Context, lc store.LocalClient, x store.XPMClient, staff Staff, take []Difference, labels []string) error {
	err := s.st.WithTx(ctx, func(tx *sql.Tx) error {
		cur, err := s.st.ClientTx(ctx, tx, lc.ID)
		if err != nil {
			return err
		}
		base, hasBase, err := s.st.BaselineTx(ctx, tx, lc.ID)
		if err != nil {
			return err
		}
		for _, d := range take {
			old := takeOne(&cur, x.Client, staff, d)
			if err := s.st.AddHistoryTx(ctx, tx, store.FieldChange{ClientID: lc.ID, Field: d.Field.Key, Old: old, New: d.XPM,
				Source: store.SourceUser}); err != nil {
				return err
			}
			if hasBase {
				base[d.Field.Key] = d.XPM
			}
		}
		if err := s.st.UpdateClientTx(ctx, tx, &cur); err != nil {
			return err
		}
		if hasBase {
			if err := s.st.SetBaselineTx(ctx, tx, lc.ID, base); err != nil {
				return err
			}
		}
		return s.st.AddEventTx(ctx, tx, store.Event{At: s.now(), Kind: model.EventClientUpdated, ClientID: lc.ID, XPMUUID: lc.XPMUUID,
			ClientName: cur.Client.Name, Details: "Synced field by field in the Clients tab — from XPM: " + strings.Join(labels, ", ")})
	})
	if err != nil {
		return fmt.Errorf("save the fields taken from XPM: %w", err)
	}
	return nil
}

// takeOne gives the local client XPM's value of one field and returns the value it had.
func takeOne(cur *store.LocalClient, x model.Client, staff Staff, d Difference) string {
	switch d.Field.Key {
	case "AccountManager":
		cur.PartnerStaffID = staff.Links.ToLocal[d.XPM]
		cur.Client.AccountManager = x.AccountManager
		return d.Local
	case "JobManager":
		cur.ManagerStaffID = staff.Links.ToLocal[d.XPM]
		cur.Client.JobManager = x.JobManager
		return d.Local
	}
	old := d.Field.Get(&cur.Client)
	d.Field.Set(&cur.Client, d.XPM)
	return old
}

// PresetToXPM is the direction the Sync dialog proposes for a field: the way that fills a blank
// side, else the way the Source of truth points. A blank here never overwrites XPM by default.
func PresetToXPM(d Difference, pushByDefault bool) bool {
	lb, xb := strings.TrimSpace(d.Local) == "", strings.TrimSpace(d.XPM) == ""
	switch {
	case !d.CanPush || lb && !xb:
		return false
	case xb && !lb:
		return true
	}
	return pushByDefault
}
