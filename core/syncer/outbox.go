package syncer

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/problem"
	"xpmsync/core/retry"
	"xpmsync/core/store"
	"xpmsync/core/xpm"
)

// Outbox operations.
const (
	opUpdateClient  = "update_client"
	opUpdateContact = "update_contact"
	opAddClient     = "add_client"
)

// maxAttempts is how often a change is tried before it is marked failed and shown to the user.
const maxAttempts = 12

type updatePayload struct {
	UUID string            `json:"uuid"`
	Set  map[string]string `json:"set"`
}

type contactPayload struct {
	ClientUUID string        `json:"client_uuid"`
	Contact    model.Contact `json:"contact"`
	// Fields are the keys of the fields changed here (contactPushFields); XPM keeps its own
	// value of every other field. None = every field is the local one (a sync's push).
	Fields []string `json:"fields,omitempty"`
}

type addPayload struct {
	Client model.Client `json:"client"`
}

// queuePushTx puts a linked client's changes for XPM in the outbox inside tx. A field change
// is folded into the client's newest pending update when that is still the last thing queued
// for the client, so order per client is kept and XPM gets one call.
func (e *Engine) queuePushTx(ctx context.Context, tx *sql.Tx, lc store.LocalClient, set map[string]string, contacts []model.Contact) (int, error) {
	n := 0
	if len(set) > 0 {
		last, ok, err := e.st.LastOpenItemTx(ctx, tx, lc.ID)
		if err != nil {
			return 0, err
		}
		var p updatePayload
		if ok && last.Op == opUpdateClient && last.State == store.OutboxPending && json.Unmarshal([]byte(last.Payload), &p) == nil && p.UUID == lc.XPMUUID {
			maps.Copy(p.Set, set)
			b, _ := json.Marshal(p)
			if err := e.st.SetOutboxPayloadTx(ctx, tx, last.ID, string(b)); err != nil {
				return 0, err
			}
		} else {
			b, _ := json.Marshal(updatePayload{UUID: lc.XPMUUID, Set: set})
			if _, err := e.st.EnqueueTx(ctx, tx, store.OutboxItem{ClientID: lc.ID, Op: opUpdateClient, Payload: string(b)}); err != nil {
				return 0, err
			}
		}
		n++
	}
	for _, c := range contacts {
		if c.UUID == "" || IsDerivedContact(c) {
			continue
		}
		b, _ := json.Marshal(contactPayload{ClientUUID: lc.XPMUUID, Contact: c})
		if _, err := e.st.EnqueueTx(ctx, tx, store.OutboxItem{ClientID: lc.ID, Op: opUpdateContact, Payload: string(b)}); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// SaveLocalClient saves a local edit (a new client when lc.ID is 0). The change is recorded in
// the field history; when the client is linked and the policy sends this field to XPM, the
// change is queued in the outbox in the same transaction and sent at once in the background.
func (e *Engine) SaveLocalClient(ctx context.Context, lc *store.LocalClient) error {
	_, err := e.SaveLocalClientReport(ctx, lc)
	return err
}

// SaveReport is what a local save did, for the one line that tells the user what becomes of it.
type SaveReport struct {
	Policy  Policy
	Changed int // fields edited (0 for a new client)
	Queued  int // changes queued for XPM
}

// SaveLocalClientReport is SaveLocalClient saying what it did.
func (e *Engine) SaveLocalClientReport(ctx context.Context, lc *store.LocalClient) (SaveReport, error) {
	p, err := LoadPolicy(ctx, e.st)
	if err != nil {
		return SaveReport{}, err
	}
	var sv localSave
	err = e.st.WithTx(ctx, func(tx *sql.Tx) error {
		sv.events, sv.recorded = sv.events[:0], nil
		if lc.ID == 0 {
			return e.insertLocalTx(ctx, tx, lc, &sv)
		}
		return e.updateLocalTx(ctx, tx, p, lc, &sv)
	})
	if err != nil {
		return SaveReport{}, fmt.Errorf("save client %q: %w", lc.Client.Name, err)
	}
	e.feed(sv.recorded...)
	for _, ev := range sv.events {
		e.emit(ctx, ev)
	}
	if sv.queued > 0 {
		e.kick()
	}
	return SaveReport{Policy: p, Changed: sv.changed, Queued: sv.queued}, nil
}

// localSave is what saving a local edit did: changes queued for XPM, events recorded in the
// transaction (published after commit) and events still to record after it.
type localSave struct {
	queued, changed  int
	events, recorded []store.Event
}

// insertLocalTx saves a new local client.
func (e *Engine) insertLocalTx(ctx context.Context, tx *sql.Tx, lc *store.LocalClient, sv *localSave) error {
	if lc.LinkHow == "" {
		lc.LinkHow = "created"
	}
	if _, err := e.st.InsertClientTx(ctx, tx, lc); err != nil {
		return err
	}
	sv.events = append(sv.events, store.Event{Kind: model.EventClientCreated, ClientID: lc.ID, ClientName: lc.Client.Name, Details: "Created in XPM Sync"})
	return nil
}

// updateLocalTx saves an edit of a local client with its history, and queues for XPM what the
// policy sends when the client is linked.
func (e *Engine) updateLocalTx(ctx context.Context, tx *sql.Tx, p Policy, lc *store.LocalClient, sv *localSave) error {
	old, err := e.st.ClientTx(ctx, tx, lc.ID)
	if err != nil {
		return err
	}
	// A form opened before another seat (or a sync) saved this client must not overwrite what
	// it never saw: the user is shown both values instead (store.ErrClientChanged).
	if lc.Version != 0 && old.Version != lc.Version {
		return &store.ClientChangedError{Current: old}
	}
	links, err := e.st.StaffLinksTx(ctx, tx)
	if err != nil {
		return err
	}
	set, changed, err := e.recordEditsTx(ctx, tx, p, old, lc, links)
	if err != nil {
		return err
	}
	pushContacts := contactsToPush(p, old, lc)
	if err := e.saveEditTx(ctx, tx, lc); err != nil {
		return err
	}
	sv.changed = len(changed)
	if len(changed) > 0 {
		details := "Edited in XPM Sync: " + strings.Join(changed, ", ")
		if lc.XPMUUID != "" && p.Direction == FromXPM {
			// Nothing is queued under From XPM; the history must not read as if the edit reached XPM.
			details += " — kept here only: XPM is the source of truth, so nothing is sent, and a sync that reads " +
				"this client from XPM puts XPM's values back"
		}
		sv.events = append(sv.events, store.Event{Kind: model.EventClientUpdated, ClientID: lc.ID, XPMUUID: lc.XPMUUID, ClientName: lc.Client.Name,
			Details: details})
	}
	if lc.XPMUUID == "" {
		return nil
	}
	sv.queued, err = e.queuePushTx(ctx, tx, *lc, set, pushContacts)
	if sv.queued > 0 {
		sv.events = append(sv.events, store.Event{Kind: model.EventPushQueued, Result: "pending", ClientID: lc.ID, XPMUUID: lc.XPMUUID,
			ClientName: lc.Client.Name, Details: "Queued for XPM: " + queuedWhat(set, pushContacts)})
	}
	for _, ev := range sv.events {
		if err := e.st.AddEventTx(ctx, tx, ev); err != nil {
			return err
		}
	}
	sv.recorded, sv.events = sv.events, nil
	return err
}

// saveEditTx writes a local edit; one read from the store (Version set) is written only if no
// one saved the client since, checked in the UPDATE itself so two seats cannot both pass.
func (e *Engine) saveEditTx(ctx context.Context, tx *sql.Tx, lc *store.LocalClient) error {
	if lc.Version == 0 {
		return e.st.UpdateClientTx(ctx, tx, lc)
	}
	return e.st.UpdateClientCheckedTx(ctx, tx, lc)
}

// queuedWhat names what a save queued for XPM: field labels, then contacts by name.
func queuedWhat(set map[string]string, contacts []model.Contact) string {
	var what []string
	if len(set) > 0 {
		what = append(what, model.FieldLabels(sortedKeys(set)))
	}
	for _, c := range contacts {
		if c.UUID != "" && !IsDerivedContact(c) {
			what = append(what, "contact "+c.Name)
		}
	}
	return strings.Join(what, ", ")
}

// recordEditsTx records each edited field in the history and returns the values to send to
// XPM (by XPM field name) and the labels of the edited fields.
func (e *Engine) recordEditsTx(ctx context.Context, tx *sql.Tx, p Policy, old store.LocalClient, lc *store.LocalClient, links store.StaffLinks) (map[string]string, []string, error) {
	set := map[string]string{}
	var changed []string
	for _, f := range model.ClientFields {
		ed, ok := fieldEdit(p, f, old, lc, links)
		if !ok {
			continue
		}
		if ed.send {
			set[f.Write] = ed.value
		}
		changed = append(changed, f.Label)
		if err := e.st.AddHistoryTx(ctx, tx, store.FieldChange{ClientID: lc.ID, Field: f.Key, Old: ed.old, New: ed.new, Source: store.SourceUser}); err != nil {
			return nil, nil, err
		}
	}
	return set, changed, nil
}

// edit is one field the user changed: its history values and what (if anything) goes to XPM.
type edit struct {
	old, new string
	send     bool
	value    string
}

// fieldEdit compares one field before and after; ok is false when it did not change. A
// Partner or Manager goes to XPM whatever the direction (seed 001) when its staff is linked.
func fieldEdit(p Policy, f model.ClientField, old store.LocalClient, lc *store.LocalClient, links store.StaffLinks) (edit, bool) {
	if f.Class != model.ClassStaffRole {
		ov, nv := f.Get(&old.Client), f.Get(&lc.Client)
		send := p.Direction == ToXPM && p.Synced(f.Class) && f.Class != model.ClassFromXPM
		return edit{old: ov, new: nv, send: send, value: nv}, ov != nv
	}
	oid, nid := old.PartnerStaffID, lc.PartnerStaffID
	if f.Key == "JobManager" {
		oid, nid = old.ManagerStaffID, lc.ManagerStaffID
	}
	u, linked := links.ToXPM[nid]
	return edit{old: fmt.Sprint(oid), new: fmt.Sprint(nid), send: (linked || nid == 0) && p.Synced(f.Class), value: u}, oid != nid
}

// contactsToPush are the contacts edited here that go to XPM (To XPM, level Everything), with
// their mobiles in international form.
func contactsToPush(p Policy, old store.LocalClient, lc *store.LocalClient) []model.Contact {
	if p.Direction != ToXPM || !p.SyncsContacts() {
		return nil
	}
	before := map[string]model.Contact{}
	for _, c := range old.Client.Contacts {
		before[c.UUID] = c
	}
	var push []model.Contact
	for i, c := range lc.Client.Contacts {
		if c.UUID == "" || IsDerivedContact(c) {
			continue
		}
		if m, ok := NormalizeMobile(c.Mobile, p.DefaultCountryCode); ok {
			c.Mobile = m
			lc.Client.Contacts[i].Mobile = m
		}
		if b, ok := before[c.UUID]; ok && contactFieldsEqual(b, c) {
			continue
		}
		push = append(push, c)
	}
	return push
}

func contactFieldsEqual(a, b model.Contact) bool {
	for _, cf := range model.ContactFields {
		if cf.Get(&a) != cf.Get(&b) {
			return false
		}
	}
	return true
}

// CreateInXPM queues the creation in XPM of a local client that is not linked yet (seed 000:
// the practice decides when, e.g. when work is first deployed).
func (e *Engine) CreateInXPM(ctx context.Context, clientID int64) error {
	err := e.st.WithTx(ctx, func(tx *sql.Tx) error {
		lc, err := e.st.ClientTx(ctx, tx, clientID)
		if err != nil {
			return err
		}
		if lc.XPMUUID != "" {
			return fmt.Errorf("client %q is already linked to XPM", lc.Client.Name)
		}
		// A second click while the first add still waits (offline, retrying) must not queue a
		// second add: that would be a duplicate client in XPM.
		queued, err := e.st.OpenAddQueuedTx(ctx, tx, clientID)
		if err != nil {
			return err
		}
		if queued {
			return fmt.Errorf("client %q: %w", lc.Client.Name, ErrAlreadyQueued)
		}
		c := lc.Client
		c.UUID = ""
		var cs []model.Contact
		for _, ct := range c.Contacts {
			if !IsDerivedContact(ct) {
				ct.UUID = ""
				cs = append(cs, ct)
			}
		}
		c.Contacts = cs
		b, _ := json.Marshal(addPayload{Client: c})
		if _, err := e.st.EnqueueTx(ctx, tx, store.OutboxItem{ClientID: clientID, Op: opAddClient, Payload: string(b)}); err != nil {
			return err
		}
		return e.st.AddEventTx(ctx, tx, store.Event{Kind: model.EventPushQueued, Result: "pending", ClientID: clientID, ClientName: lc.Client.Name,
			Details: "Queued for creation in XPM"})
	})
	if err != nil {
		return fmt.Errorf("create client %d in XPM: %w", clientID, err)
	}
	e.kick()
	return nil
}

// kick sends the outbox in the background ("sent at once").
func (e *Engine) kick() {
	if e.opts.NoAutoPush || (e.opts.MaySend != nil && !e.opts.MaySend()) {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return // quitting: the change waits in the outbox for the next start
	}
	e.bg.Add(1)
	go func() {
		defer e.bg.Done()
		ctx, cancel := context.WithTimeout(e.life, 5*time.Minute)
		defer cancel()
		if _, err := e.FlushOutbox(ctx); err != nil {
			e.log.Warn("sending changes to XPM", "err", err)
		}
	}()
}

// FlushOutbox sends every due change to XPM, oldest first, keeping each client's order: a
// client whose oldest change must wait (backoff) holds back its later ones.
func (e *Engine) FlushOutbox(ctx context.Context) (sent int, err error) {
	var r Result
	return e.flush(ctx, &r)
}

func (e *Engine) flush(ctx context.Context, res *Result) (int, error) {
	e.flushMu.Lock()
	defer e.flushMu.Unlock()
	items, err := e.st.OutboxOpen(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	blocked := map[int64]bool{}
	now := e.now()
	for _, it := range items {
		if it.ClientID != 0 && blocked[it.ClientID] {
			continue
		}
		if it.NextAt.After(now) {
			blocked[it.ClientID] = true
			continue
		}
		err := e.sendOne(ctx, it)
		switch {
		case err == nil:
			sent++
			res.Pushed++
		case ctx.Err() != nil:
			return sent, ctx.Err()
		case errors.Is(err, store.ErrNotLeading):
			e.log.Warn("stopped sending queued changes: another seat syncs for the practice now", "err", err)
			return sent, nil // what is left is the new syncing seat's to send
		case errors.Is(err, xpm.ErrUnauthorized), errors.Is(err, xpm.ErrForbidden):
			return sent, err // every later call would fail the same way; all stays queued
		case errors.As(err, new(*refusedError)):
			// Refused for good: marked on the client; the client's next changes go on.
		default:
			blocked[it.ClientID] = true
		}
	}
	return sent, nil
}

// errClaimedElsewhere is an item another seat took for sending after this one read the outbox.
var errClaimedElsewhere = errors.New("another seat is sending this change")

// sendOne sends one outbox item and records the outcome.
func (e *Engine) sendOne(ctx context.Context, it store.OutboxItem) error {
	lc, err := e.st.Client(ctx, it.ClientID)
	if err != nil {
		return e.settleItem(ctx, it, lc, fmt.Errorf("the local client is gone: %w", err), true)
	}
	if err := e.waitInFlight(ctx, it); err != nil {
		return err
	}
	// Claimed before anything is asked of XPM or written: a seat that only believes it syncs
	// (its lead lost a moment ago) is refused here, so no row is ever sent by two seats.
	claimed, err := e.st.ClaimOutbox(ctx, it, e.opts.Fence)
	if err != nil {
		return err
	}
	if !claimed {
		return errClaimedElsewhere
	}
	if it.Op == opAddClient {
		if done, err := e.addAlreadyDone(ctx, it, lc); done {
			return err
		}
	}
	it.Attempts++
	if send, ok := peopleSenders[it.Op]; ok {
		return send(e, ctx, it, lc, it.Attempts > 1 || it.State != store.OutboxPending)
	}
	switch it.Op {
	case opUpdateClient:
		return e.sendUpdateClient(ctx, it, lc)
	case opAddClient:
		return e.sendAddClient(ctx, it, lc)
	}
	return e.settleItem(ctx, it, lc, fmt.Errorf("unknown queued operation %q", it.Op), true)
}

// addAlreadyDone settles a queued creation that must not be sent: the client was linked
// meanwhile (by hand, or by an earlier add), or an add that was maybe sent before is found in
// XPM. done is false when the add is still to be sent.
func (e *Engine) addAlreadyDone(ctx context.Context, it store.OutboxItem, lc store.LocalClient) (done bool, err error) {
	if lc.XPMUUID != "" {
		return true, e.dropItem(ctx, it, lc, "already linked to XPM; the queued creation was not sent")
	}
	if it.State != store.OutboxSending && it.State != store.OutboxUnknown {
		return false, nil
	}
	found, err := e.reconcileAdd(ctx, it, lc)
	if err != nil {
		return true, e.settleItem(ctx, it, lc, err, false)
	}
	if found.UUID != "" {
		return true, e.ackAdd(ctx, it, lc, found, "found in XPM after an interrupted send; linked, not sent again")
	}
	return false, nil
}

// sendUpdateClient sends a client's field changes, reading XPM first: a field XPM changed
// since the last sync is a conflict even when the local edit is sent before the next pull.
func (e *Engine) sendUpdateClient(ctx context.Context, it store.OutboxItem, lc store.LocalClient) error {
	var p updatePayload
	if err := json.Unmarshal([]byte(it.Payload), &p); err != nil {
		return e.settleItem(ctx, it, lc, fmt.Errorf("unreadable queued change: %w", err), true)
	}
	cur, err := e.api.GetClient(ctx, p.UUID)
	if err != nil {
		return e.settleItem(ctx, it, lc, err, false)
	}
	lost, err := e.pushConflicts(ctx, lc, &p, cur)
	if err != nil {
		return err
	}
	got := cur
	// Only what XPM does not hold yet: after a crash mid-send XPM may have it already.
	if send := notYetInXPM(p.Set, cur); len(send) > 0 {
		name := p.Set["Name"]
		if name == "" {
			name = cur.Name
		}
		if got, err = e.api.UpdateClient(ctx, p.UUID, name, send); err != nil {
			return e.settleItem(ctx, it, lc, err, false)
		}
	}
	return e.ackUpdate(ctx, it, lc, p, cur, got, lost)
}

// reconcileAdd searches XPM for a client an interrupted add may have created: same name, not
// linked to any local client, and the same email when the local one has one.
func (e *Engine) reconcileAdd(ctx context.Context, it store.OutboxItem, lc store.LocalClient) (model.Client, error) {
	var p addPayload
	if err := json.Unmarshal([]byte(it.Payload), &p); err != nil {
		return model.Client{}, err
	}
	cands, err := e.api.SearchClients(ctx, p.Client.Name, false)
	if err != nil {
		return model.Client{}, fmt.Errorf("look for the client in XPM before sending it again: %w", err)
	}
	linked, err := e.st.LinkedClientIDs(ctx)
	if err != nil {
		return model.Client{}, err
	}
	for _, c := range cands {
		if !strings.EqualFold(strings.TrimSpace(c.Name), strings.TrimSpace(p.Client.Name)) || c.IsDeleted {
			continue
		}
		if _, taken := linked[c.UUID]; taken {
			continue
		}
		if p.Client.Email != "" && c.Email != "" && !strings.EqualFold(c.Email, p.Client.Email) {
			continue
		}
		return c, nil
	}
	return model.Client{}, nil
}

func (e *Engine) unknownAdd(ctx context.Context, it store.OutboxItem, lc store.LocalClient, cause error) error {
	ev := store.Event{Kind: model.EventPushFailed, Result: "pending", ClientID: lc.ID, ClientName: lc.Client.Name,
		Details: "Not sure XPM received the new client; XPM will be checked before it is sent again."}
	err := e.st.WithTxEvents(ctx, e.feed, func(tx *sql.Tx, rec *store.Recorder) error {
		if err := e.st.SetOutboxStateTx(ctx, tx, it.ID, store.OutboxUnknown, e.now(), cause.Error()); err != nil {
			return err
		}
		return rec.Record(ev)
	})
	if err != nil {
		return err
	}
	return cause
}

// settleItem records a failed send: retried with backoff, or failed for good when XPM
// refused it or the tries ran out.
func (e *Engine) settleItem(ctx context.Context, it store.OutboxItem, lc store.LocalClient, cause error, permanent bool) error {
	permanent = permanent || isPermanent(cause) || it.Attempts >= maxAttempts
	state, next, result, words := store.OutboxPending, e.now().Add(backoff(it.Attempts)), "pending", "will try again"
	if isAddOp(it.Op) && (it.State == store.OutboxUnknown || it.State == store.OutboxSending) && !permanent {
		state = store.OutboxUnknown
	}
	if permanent {
		state, next, result, words = store.OutboxFailed, time.Time{}, "failed", "not sent; check the client and save it again"
	}
	fctx := context.WithoutCancel(ctx)
	err := e.st.WithTxEvents(fctx, e.feed, func(tx *sql.Tx, rec *store.Recorder) error {
		if err := e.markTriedTx(fctx, tx, it, state, next, cause); err != nil {
			return err
		}
		if !permanent && it.Attempts > 1 {
			return nil // one event per failure streak is enough
		}
		details := fmt.Sprintf("Sending to XPM failed (%s): %s", words, problem.Words(cause))
		if permanent && peopleKind(it.Op) != "" {
			details = RefusedWords(it.Op, QueuedName(it.Payload), cause.Error())
		}
		ev := store.Event{Kind: model.EventPushFailed, Result: result, ClientID: it.ClientID, XPMUUID: lc.XPMUUID,
			ClientName: lc.Client.Name, Details: details}
		return rec.Record(ev)
	})
	if err != nil {
		return err
	}
	e.log.Warn("sending to XPM failed", "client", it.ClientID, "op", it.Op, "attempt", it.Attempts, "permanent", permanent, "err", cause)
	if permanent {
		return &refusedError{cause}
	}
	return cause
}

// refusedError is a change that failed for good: it stays here, marked, and does not hold
// back the client's later changes.
type refusedError struct{ cause error }

func (e *refusedError) Error() string { return e.cause.Error() }
func (e *refusedError) Unwrap() error { return e.cause }

func isPermanent(err error) bool {
	var api *xpm.APIError
	if errors.As(err, &api) {
		return api.HTTPStatus != 409 && api.HTTPStatus < 500
	}
	return errors.Is(err, xpm.ErrNotFound)
}

// backoff is how long a failed send waits: 15 s, doubling, at most an hour.
func backoff(attempts int) time.Duration { return retry.Delay(15*time.Second, time.Hour, attempts) }

// pushConflicts compares XPM's current record with the baseline for every field about to be
// sent. A field XPM changed too is a conflict: To XPM the local value is still sent and XPM's
// value kept in the history; From XPM (only Partner/Manager are sent then) the field is left
// out, so the next pull applies XPM's value and records the local one.
func (e *Engine) pushConflicts(ctx context.Context, lc store.LocalClient, p *updatePayload, cur model.Client) ([]store.FieldChange, error) {
	pol, err := LoadPolicy(ctx, e.st)
	if err != nil {
		return nil, err
	}
	base, hb, err := e.st.BaselineTx(ctx, e.st.DB(), lc.ID)
	if err != nil {
		return nil, err
	}
	links, err := e.st.StaffLinksTx(ctx, e.st.DB())
	if err != nil {
		return nil, err
	}
	var lost []store.FieldChange
	for _, f := range model.ClientFields {
		nv, ok := p.Set[f.Write]
		if !ok {
			continue
		}
		// Only send what the local record still holds: a pull may have settled the field
		// since it was queued (XPM won a conflict, or the level changed).
		if localValue(f, lc, links) != nv || !pol.Synced(f.Class) || f.Class == model.ClassFromXPM {
			delete(p.Set, f.Write)
			continue
		}
		bv, hasB := base[f.Key]
		if !hb || !hasB || bv == nv {
			continue // no agreed value, or a pull already settled this value against XPM's
		}
		xv := strings.TrimSpace(f.Get(&cur))
		if xv == bv || xv == nv {
			continue
		}
		if pol.Direction == FromXPM {
			delete(p.Set, f.Write)
			continue
		}
		lost = append(lost, store.FieldChange{ClientID: lc.ID, Field: f.Key, Old: xv, New: nv, Source: store.SourceConflict})
	}
	return lost, nil
}

// ackUpdate records a sent client update: the mirror and the baseline take the values XPM
// now holds, so the next pull sees no change. lost are XPM values the push overrode.
func (e *Engine) ackUpdate(ctx context.Context, it store.OutboxItem, lc store.LocalClient, p updatePayload, cur, got model.Client, lost []store.FieldChange) error {
	details := "Sent to XPM: " + model.FieldLabels(sortedKeys(p.Set))
	if len(p.Set) == 0 {
		details = "Nothing left to send: a sync settled these fields since they were queued"
	}
	return e.ack(ctx, it, lc, p.UUID, details, lost, func(x *model.Client, base map[string]string) {
		if cur.UUID != "" {
			keep := x.Contacts
			*x = cur
			if len(cur.Contacts) == 0 {
				x.Contacts = keep
			}
		}
		for _, f := range model.ClientFields {
			if _, ok := p.Set[f.Write]; !ok {
				continue
			}
			v := f.Get(&got)
			if f.Class == model.ClassStaffRole {
				if f.Key == "JobManager" {
					x.JobManager = got.JobManager
				} else {
					x.AccountManager = got.AccountManager
				}
			} else {
				f.Set(x, v)
			}
			base[f.Key] = v
		}
	})
}

// ack marks an item done and patches the mirror and baseline in one transaction.
func (e *Engine) ack(ctx context.Context, it store.OutboxItem, lc store.LocalClient, uuid, details string, lost []store.FieldChange, patch func(*model.Client, map[string]string)) error {
	fctx := context.WithoutCancel(ctx) // XPM has it: record that even if the caller gave up
	err := e.st.WithTxEvents(fctx, e.feed, func(tx *sql.Tx, rec *store.Recorder) error {
		if len(lost) > 0 {
			if err := e.recordLostTx(fctx, tx, rec, lc, uuid, lost); err != nil {
				return err
			}
		}
		mirrored := lc
		mirrored.XPMUUID = uuid // an add acknowledges the client it links to
		if err := e.patchMirrorTx(fctx, tx, mirrored, patch); err != nil {
			return err
		}
		if err := e.st.SetOutboxStateTx(fctx, tx, it.ID, store.OutboxDone, time.Time{}, ""); err != nil {
			return err
		}
		if err := e.settleQueuedTx(fctx, tx, it, queuedSent, e.sentWords()); err != nil {
			return err
		}
		return rec.Record(store.Event{Kind: model.EventPushSent, ClientID: lc.ID, XPMUUID: uuid, ClientName: lc.Client.Name, Details: details + e.seatNote()})
	})
	return err
}

// recordLostTx keeps the XPM values a send overwrote in the history, flags the client as a
// conflict and records the conflict event.
func (e *Engine) recordLostTx(ctx context.Context, tx *sql.Tx, rec *store.Recorder, lc store.LocalClient, uuid string, lost []store.FieldChange) error {
	var labels []string
	for _, h := range lost {
		if err := e.st.AddHistoryTx(ctx, tx, h); err != nil {
			return err
		}
		f, _ := model.FieldByKey(h.Field)
		labels = append(labels, f.Label)
	}
	cur, err := e.st.ClientTx(ctx, tx, lc.ID)
	if err != nil {
		return err
	}
	if cur.Review == "" {
		cur.Review = "conflict"
		if err := e.st.UpdateClientTx(ctx, tx, &cur); err != nil {
			return err
		}
	}
	cev := store.Event{Kind: model.EventConflict, Result: "warning", ClientID: lc.ID, XPMUUID: uuid, ClientName: lc.Client.Name,
		Details: fmt.Sprintf("Changed in both places: %s. The value in XPM Sync was sent; XPM's value is in the client's history.", strings.Join(labels, ", "))}
	return rec.Record(cev)
}

// ackAdd links the local client to the XPM client that was created (or found).
func (e *Engine) ackAdd(ctx context.Context, it store.OutboxItem, lc store.LocalClient, got model.Client, how string) error {
	fctx := context.WithoutCancel(ctx)
	p, err := LoadPolicy(fctx, e.st)
	if err != nil {
		return err
	}
	err = e.st.WithTxEvents(fctx, e.feed, func(tx *sql.Tx, rec *store.Recorder) error {
		cur, err := e.st.ClientTx(fctx, tx, lc.ID)
		if err != nil {
			return err
		}
		cur.XPMUUID, cur.Client.UUID, cur.LinkHow, cur.LinkedAt = got.UUID, got.UUID, "created", e.now()
		// XPM gave the new contacts UUIDs: adopt them so the contacts are linked too.
		for i := range cur.Client.Contacts {
			for _, xc := range got.Contacts {
				if cur.Client.Contacts[i].UUID == "" && strings.EqualFold(xc.Name, cur.Client.Contacts[i].Name) {
					cur.Client.Contacts[i].UUID = xc.UUID
				}
			}
		}
		if err := e.st.UpdateClientTx(fctx, tx, &cur); err != nil {
			return err
		}
		if _, err := e.st.UpsertXPMClientsTx(fctx, tx, 0, []model.Client{got}); err != nil {
			return err
		}
		links, err := e.st.StaffLinksTx(fctx, tx)
		if err != nil {
			return err
		}
		if err := e.st.SetBaselineTx(fctx, tx, lc.ID, baselineOf(p, cur, links)); err != nil {
			return err
		}
		if err := e.st.SetOutboxStateTx(fctx, tx, it.ID, store.OutboxDone, time.Time{}, ""); err != nil {
			return err
		}
		if err := e.settleQueuedTx(fctx, tx, it, queuedSent, how+" "+e.now().Local().Format("2 Jan 15:04")+e.bySeat()); err != nil {
			return err
		}
		ev := store.Event{Kind: model.EventClientLinked, ClientID: lc.ID, XPMUUID: got.UUID, ClientName: cur.Client.Name, Details: "Client " + how + e.seatNote()}
		return rec.Record(ev)
	})
	return err
}

// localValue is a field's local value as sent to XPM (a staff role as the linked XPM UUID).
func localValue(f model.ClientField, lc store.LocalClient, links store.StaffLinks) string {
	if f.Class != model.ClassStaffRole {
		return f.Get(&lc.Client)
	}
	id := lc.PartnerStaffID
	if f.Key == "JobManager" {
		id = lc.ManagerStaffID
	}
	return links.ToXPM[id]
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// ErrAlreadyQueued means the client is already waiting to be created in XPM.
var ErrAlreadyQueued = errors.New("already queued for creation in XPM; it is sent as soon as XPM answers")

// dropItem settles a queued change that must not be sent, saying why in the history.
func (e *Engine) dropItem(ctx context.Context, it store.OutboxItem, lc store.LocalClient, why string) error {
	ev := store.Event{Kind: model.EventPushSkipped, Result: "skipped", ClientID: it.ClientID, XPMUUID: lc.XPMUUID,
		ClientName: lc.Client.Name, Details: why}
	err := e.st.WithTxEvents(ctx, e.feed, func(tx *sql.Tx, rec *store.Recorder) error {
		if err := e.st.SetOutboxStateTx(ctx, tx, it.ID, store.OutboxDone, time.Time{}, why); err != nil {
			return err
		}
		if err := e.settleQueuedTx(ctx, tx, it, queuedDropped, "not sent: "+why); err != nil {
			return err
		}
		return rec.Record(ev)
	})
	if err != nil {
		return err
	}
	return nil
}

// notYetInXPM are the fields of set (by XPM field name) whose value XPM does not hold yet.
func notYetInXPM(set map[string]string, cur model.Client) map[string]string {
	out := map[string]string{}
	for _, f := range model.ClientFields {
		if v, ok := set[f.Write]; ok && strings.TrimSpace(f.Get(&cur)) != v {
			out[f.Write] = v
		}
	}
	return out
}

// waitInFlight gives a send that may still be in flight time to land in XPM before XPM is
// read to see whether it did, so the change is neither lost nor applied twice.
func (e *Engine) waitInFlight(ctx context.Context, it store.OutboxItem) error {
	if it.State != store.OutboxSending && it.State != store.OutboxUnknown || it.SentAt.IsZero() || e.opts.InFlightGrace < 0 {
		return nil
	}
	d := it.SentAt.Add(e.opts.InFlightGrace).Sub(e.st.Now())
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(min(d, e.opts.InFlightGrace))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// sendAddClient creates a local client in XPM.
func (e *Engine) sendAddClient(ctx context.Context, it store.OutboxItem, lc store.LocalClient) error {
	var p addPayload
	if err := json.Unmarshal([]byte(it.Payload), &p); err != nil {
		return e.settleItem(ctx, it, lc, fmt.Errorf("unreadable queued change: %w", err), true)
	}
	// Partner and Manager go with the new client when they are linked to XPM staff
	// (seed 001), as linked now: the link may have been made since this was queued.
	links, err := e.st.StaffLinksTx(ctx, e.st.DB())
	if err != nil {
		return err
	}
	p.Client.AccountManager, p.Client.JobManager = model.Ref{UUID: links.ToXPM[lc.PartnerStaffID]}, model.Ref{UUID: links.ToXPM[lc.ManagerStaffID]}
	got, err := e.api.AddClient(ctx, p.Client)
	if err != nil {
		if errors.Is(err, xpm.ErrOutcomeUnknown) {
			return e.unknownAdd(ctx, it, lc, err)
		}
		return e.settleItem(ctx, it, lc, err, false)
	}
	return e.ackAdd(ctx, it, lc, got, "created in XPM")
}
