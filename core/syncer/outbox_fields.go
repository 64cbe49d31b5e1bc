package syncer

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// opSyncFields sends the fields the user chose "Here >> XPM" in the Sync differences dialog.
const opSyncFields = "sync_fields"

// fieldsPayload is a field-by-field push: the values to send and the XPM values the user saw
// when choosing, by XPM field name. A field XPM changed since is not sent.
type fieldsPayload struct {
	UUID string            `json:"uuid"`
	Set  map[string]string `json:"set"`
	Seen map[string]string `json:"seen"`
}

// QueueFieldPush queues the fields chosen "Here >> XPM" for a linked client (set and seen by XPM
// field name) and returns the outbox item, so a caller can send it at once and read its outcome.
func (e *Engine) QueueFieldPush(ctx context.Context, clientID int64, set, seen map[string]string) (int64, error) {
	var id int64
	err := e.st.WithTx(ctx, func(tx *sql.Tx) error {
		lc, err := e.st.ClientTx(ctx, tx, clientID)
		if err != nil {
			return err
		}
		if lc.XPMUUID == "" {
			return fmt.Errorf("%q is not connected to XPM", lc.Client.Name)
		}
		b, _ := json.Marshal(fieldsPayload{UUID: lc.XPMUUID, Set: set, Seen: seen})
		if id, err = e.st.EnqueueTx(ctx, tx, store.OutboxItem{ClientID: clientID, Op: opSyncFields, Payload: string(b)}); err != nil {
			return err
		}
		return e.st.AddEventTx(ctx, tx, store.Event{Kind: model.EventPushQueued, Result: "pending", ClientID: clientID, XPMUUID: lc.XPMUUID,
			ClientName: lc.Client.Name, Details: "Chosen in Sync differences, queued for XPM: " + strings.Join(fieldLabels(set), ", ")})
	})
	if err != nil {
		return 0, fmt.Errorf("queue the chosen fields for XPM: %w", err)
	}
	return id, nil
}

// SendNow sends what is due in the outbox and reports how item id ended: sent (nil), waiting
// (its last error, e.g. XPM could not be reached), refused, or *ChangedSinceError.
func (e *Engine) SendNow(ctx context.Context, id int64) (waiting bool, err error) {
	if _, ferr := e.FlushOutbox(ctx); ferr != nil && ctx.Err() != nil {
		return true, ferr
	}
	it, err := e.st.OutboxItemByID(ctx, id)
	if err != nil {
		return false, err
	}
	switch {
	case it.State == store.OutboxDone && strings.HasPrefix(it.LastError, changedSincePrefix):
		return false, &ChangedSinceError{Words: it.LastError}
	case it.State == store.OutboxDone:
		return false, nil
	case it.State == store.OutboxFailed:
		return false, errors.New(RefusedWords(it.Op, "", it.LastError))
	}
	return true, nil
}

const changedSincePrefix = "XPM changed "

func fieldLabels(set map[string]string) []string {
	var out []string
	for _, f := range model.ClientFields {
		if _, ok := set[f.Write]; ok {
			out = append(out, f.Label)
		}
	}
	return out
}

// sendSyncFields re-reads the client and sends only the chosen fields XPM still holds as the
// user saw them; a field XPM changed since is left alone and the user is asked again.
func (e *Engine) sendSyncFields(ctx context.Context, it store.OutboxItem, lc store.LocalClient, _ bool) error {
	var p fieldsPayload
	if err := json.Unmarshal([]byte(it.Payload), &p); err != nil {
		return e.settleItem(ctx, it, lc, fmt.Errorf("unreadable queued change: %w", err), true)
	}
	cur, err := e.api.GetClient(ctx, p.UUID)
	if err != nil {
		return e.settleItem(ctx, it, lc, err, false)
	}
	send := map[string]string{}
	var changed []string
	for _, f := range model.ClientFields {
		v, ok := p.Set[f.Write]
		if !ok || f.Class == model.ClassFromXPM {
			continue
		}
		xv := strings.TrimSpace(f.Get(&cur))
		switch {
		case xv == v:
			// XPM already holds it (sent before a crash, or set in XPM too).
		case xv != p.Seen[f.Write]:
			changed = append(changed, fmt.Sprintf("%s (now %q)", f.Label, xv))
		default:
			send[f.Write] = v
		}
	}
	got := cur
	if len(send) > 0 {
		if got, err = e.api.UpdateClient(ctx, p.UUID, cur.Name, send); err != nil {
			return e.settleItem(ctx, it, lc, err, false)
		}
	}
	note := ""
	if len(changed) > 0 {
		note = changedSincePrefix + strings.Join(changed, ", ") + " after you compared; nothing was overwritten there. Open Sync differences to choose again."
	}
	return e.ackSyncFields(ctx, it, lc, send, cur, got, note)
}

// ackSyncFields records the fields XPM took: mirror, baseline and history, and any note about
// fields XPM changed since.
func (e *Engine) ackSyncFields(ctx context.Context, it store.OutboxItem, lc store.LocalClient, send map[string]string, cur, got model.Client, note string) error {
	fctx := context.WithoutCancel(ctx)
	details := "Sent to XPM from Sync differences: " + strings.Join(fieldLabels(send), ", ")
	if len(send) == 0 {
		details = "Nothing sent from Sync differences"
	}
	if note != "" {
		details += ". " + note
	}
	var ev store.Event
	err := e.st.WithTx(fctx, func(tx *sql.Tx) error {
		if err := e.patchMirrorTx(fctx, tx, lc, func(x *model.Client, base map[string]string) {
			keep := x.Contacts
			*x = cur
			if len(cur.Contacts) == 0 {
				x.Contacts = keep
			}
			for _, f := range model.ClientFields {
				if v, ok := send[f.Write]; ok {
					f.Set(x, f.Get(&got))
					base[f.Key] = v
				}
			}
		}); err != nil {
			return err
		}
		for _, f := range model.ClientFields {
			if v, ok := send[f.Write]; ok {
				h := store.FieldChange{ClientID: lc.ID, Field: f.Key, Old: f.Get(&cur), New: v, Source: store.SourceLocal}
				if err := e.st.AddHistoryTx(fctx, tx, h); err != nil {
					return err
				}
			}
		}
		if err := e.st.SetOutboxStateTx(fctx, tx, it.ID, store.OutboxDone, time.Time{}, note); err != nil {
			return err
		}
		result, outcome := queuedSent, e.sentWords()
		if note != "" {
			result, outcome = "warning", note
		}
		if err := e.settleQueuedTx(fctx, tx, it, result, outcome); err != nil {
			return err
		}
		ev = store.Event{Kind: model.EventPushSent, ClientID: lc.ID, XPMUUID: lc.XPMUUID, ClientName: lc.Client.Name, Details: details + e.seatNote()}
		if note != "" {
			ev.Kind, ev.Result = "conflict", "warning"
		}
		return e.st.AddEventTx(fctx, tx, ev)
	})
	if err == nil {
		e.feed(ev)
	}
	return err
}
