package importer

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"xpmsync/core/model"
	"xpmsync/core/problem"
	"xpmsync/core/store"
)

// importOne fetches one client's detailed record and applies it in one transaction.
func (im *Importer) importOne(ctx context.Context, api API, clientID int64) ClientResult {
	res := ClientResult{ClientID: clientID}
	lc, err := im.st.Client(ctx, clientID)
	if err != nil {
		res.Err = fmt.Errorf("read client %d: %w", clientID, err)
		im.log.Warn("import: client not readable", "client", clientID, "err", err)
		return res
	}
	res.Name = lc.Client.Name
	base := store.Event{ClientID: clientID, XPMUUID: lc.XPMUUID, ClientName: lc.Client.Name}
	if lc.XPMUUID == "" {
		res.Err = ErrNotLinked
		ev := base
		ev.Kind, ev.Result, ev.Details = KindFailed, "skipped", "Not imported: "+problem.Words(ErrNotLinked)
		im.emit(ctx, ev)
		return res
	}
	ev := base
	ev.Kind, ev.Details = KindStarted, "Importing client details, people and entities from XPM"
	im.emit(ctx, ev)

	x, err := api.GetClient(ctx, lc.XPMUUID)
	if err != nil {
		res.Err = fmt.Errorf("read %q from XPM: %w", lc.Client.Name, err)
		im.log.Warn("import: XPM read failed", "client", clientID, "err", err)
		ev := base
		ev.Kind, ev.Result, ev.Details = KindFailed, "failed", problem.Words(err)
		im.emit(context.WithoutCancel(ctx), ev)
		return res
	}
	err = im.st.WithTxEvents(ctx, im.feed, func(tx *sql.Tx, rec *store.Recorder) error {
		res = ClientResult{ClientID: clientID, Name: lc.Client.Name}
		if err := im.applyTx(ctx, tx, clientID, &x, &res); err != nil {
			return err
		}
		done := base
		done.ClientName = res.Name
		done.Kind, done.Details = KindFinished, finishedWords(res)
		return rec.Record(done)
	})
	if err != nil {
		res.Err = fmt.Errorf("save what XPM holds for %q: %w", lc.Client.Name, err)
		im.log.Error("import: save failed", "client", clientID, "err", err)
		ev := base
		ev.Kind, ev.Result, ev.Details = KindFailed, "failed", problem.Words(err)
		im.emit(context.WithoutCancel(ctx), ev)
		return res
	}
	return res
}

// applyTx replaces the client's details, then records its relationships and contacts as items.
func (im *Importer) applyTx(ctx context.Context, tx *sql.Tx, clientID int64, x *model.Client, res *ClientResult) error {
	lc, err := im.st.ClientTx(ctx, tx, clientID)
	if err != nil {
		return err
	}
	if res.Details, err = im.applyDetailsTx(ctx, tx, &lc, x); err != nil {
		return err
	}
	res.Name = lc.Client.Name
	if err := im.relationshipsTx(ctx, tx, clientID, x.Relationships, res); err != nil {
		return err
	}
	return im.contactsTx(ctx, tx, clientID, x.Contacts, res)
}

// relKey identifies an XPM relationship; one without a UUID (never seen, but the docs do not
// promise one) is known by its type and related client.
func relKey(r model.Relationship) string {
	if r.UUID != "" {
		return r.UUID
	}
	return "rel:" + r.Type + "|" + r.RelatedClient.UUID + "|" + r.RelatedClient.Name
}

func (im *Importer) relationshipsTx(ctx context.Context, tx *sql.Tx, clientID int64, rels []model.Relationship, res *ClientResult) error {
	found := make([]store.ImportItem, 0, len(rels))
	byKey := map[string]model.Relationship{}
	for _, r := range rels {
		k := relKey(r)
		r.UUID = k
		byKey[k] = r
		payload, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("encode relationship %q: %w", r.RelatedClient.Name, err)
		}
		found = append(found, store.ImportItem{XPMUUID: k, Name: relatedName(r), Label: r.Type, Payload: string(payload)})
	}
	items, mc, err := im.st.MergeImportItemsTx(ctx, tx, clientID, store.ItemRelationship, found)
	if err != nil {
		return err
	}
	res.Withdrawn += mc.Withdrawn
	local, err := im.st.ClientRelationshipsTx(ctx, tx, clientID)
	if err != nil {
		return err
	}
	here := map[string]store.LocalRelationship{}
	for _, l := range local {
		if l.XPMUUID == "" {
			continue
		}
		if _, still := byKey[l.XPMUUID]; !still {
			// The import replaces the people and entities XPM gave before: one XPM dropped goes.
			if err := im.st.DeleteRelationshipTx(ctx, tx, l.ID); err != nil {
				return err
			}
			res.Removed++
			continue
		}
		here[l.XPMUUID] = l
	}
	for _, it := range items {
		l, ok := here[it.XPMUUID]
		if it.Pending() {
			// One already recorded here under this XPM UUID (brought over another way) is not offered.
			if err := im.offerTx(ctx, tx, it, ok, l.ID, l.RelatedName, res); err != nil {
				return err
			}
			continue
		}
		res.Decided++
		if !ok {
			continue // the person removed it here; their choice stands
		}
		changed, err := im.refreshRelTx(ctx, tx, l, byKey[it.XPMUUID])
		if err != nil {
			return err
		}
		if changed {
			res.Refreshed++
		}
	}
	return im.forgetGoneTx(ctx, tx, clientID, store.ItemRelationship, byKey)
}

// forgetGoneTx drops the records of decided items whose XPM item is gone, so that should XPM
// ever give the UUID again, it is offered afresh rather than matched to something removed.
func (im *Importer) forgetGoneTx(ctx context.Context, tx *sql.Tx, clientID int64, kind string, byKey map[string]model.Relationship) error {
	all, err := im.st.ImportItemsTx(ctx, tx, clientID, "")
	if err != nil {
		return err
	}
	for _, it := range all {
		if it.Kind != kind || it.Pending() || it.State == store.ItemIgnored {
			continue
		}
		if _, ok := byKey[it.XPMUUID]; !ok {
			if err := im.st.ForgetImportItemTx(ctx, tx, it.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// refreshRelTx updates what XPM owns of a relationship already brought over (shares,
// percentage, dates, the related client); the name, relationship and email the person chose
// when importing are theirs.
func (im *Importer) refreshRelTx(ctx context.Context, tx *sql.Tx, l store.LocalRelationship, r model.Relationship) (bool, error) {
	next := l
	next.NumberOfShares, next.Percentage, next.StartDate, next.EndDate = r.NumberOfShares, r.Percentage, r.StartDate, r.EndDate
	id, err := im.relatedLocalTx(ctx, tx, r)
	if err != nil {
		return false, err
	}
	next.RelatedClientID = id
	if next == l {
		return false, nil
	}
	return true, im.st.UpdateRelationshipTx(ctx, tx, next)
}

// relatedLocalTx finds the local client linked to the relationship's related XPM client (0 = none).
func (im *Importer) relatedLocalTx(ctx context.Context, tx *sql.Tx, r model.Relationship) (int64, error) {
	if r.RelatedClient.UUID == "" {
		return 0, nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM clients WHERE xpm_uuid = ?`, r.RelatedClient.UUID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("find the local client of %q: %w", r.RelatedClient.Name, err)
	}
	return id, nil
}

func (im *Importer) contactsTx(ctx context.Context, tx *sql.Tx, clientID int64, cs []model.Contact, res *ClientResult) error {
	var found []store.ImportItem
	for _, c := range cs {
		if c.IsDeleted || c.UUID == "" {
			continue
		}
		payload, err := json.Marshal(c)
		if err != nil {
			return fmt.Errorf("encode contact %q: %w", c.Name, err)
		}
		found = append(found, store.ImportItem{XPMUUID: c.UUID, Name: c.Name, Label: c.Position, Payload: string(payload)})
	}
	items, mc, err := im.st.MergeImportItemsTx(ctx, tx, clientID, store.ItemContact, found)
	if err != nil {
		return err
	}
	res.Withdrawn += mc.Withdrawn
	local, err := im.st.ClientContactRowsTx(ctx, tx, clientID)
	if err != nil {
		return err
	}
	here := map[string]store.LocalContact{}
	for _, l := range local {
		if l.UUID != "" {
			here[l.UUID] = l
		}
	}
	for _, it := range items {
		l, ok := here[it.XPMUUID]
		switch {
		case it.Pending():
			// A sync may already have brought this contact over (matched by UUID): nothing to offer then.
			if err := im.offerTx(ctx, tx, it, ok, l.ID, l.Name, res); err != nil {
				return err
			}
		case it.State != store.ItemIgnored:
			res.Decided++
		}
	}
	return nil
}

// offerTx settles an item still waiting for review: when the same XPM UUID is already
// recorded here (present) it is marked linked to that local row so it is not offered;
// otherwise it counts as pending, and as new on the fetch that first saw it.
func (im *Importer) offerTx(ctx context.Context, tx *sql.Tx, it store.ImportItem, present bool, localID int64, localName string, res *ClientResult) error {
	if present {
		if err := im.st.DecideImportItemTx(ctx, tx, it.ID, store.ItemLinked, localID, localName); err != nil {
			return err
		}
		res.Present++
		res.Decided++
		return nil
	}
	res.Pending++
	if it.FirstSeen.Equal(it.SeenAt) {
		res.New++
	}
	return nil
}

func relatedName(r model.Relationship) string {
	if n := strings.TrimSpace(r.RelatedClient.Name); n != "" {
		return n
	}
	return "(no name in XPM)"
}

// finishedWords sums up one client's import for the Integration Progress list.
func finishedWords(r ClientResult) string {
	var parts []string
	if len(r.Details) > 0 {
		parts = append(parts, "Client details replaced from XPM: "+strings.Join(r.Details, ", ")+".")
	} else {
		parts = append(parts, "Client details already matched XPM.")
	}
	if p := r.Pending; p > 0 {
		parts = append(parts, plural(p, "person, entity or contact waits", "people, entities and contacts wait")+" for review (Review new items).")
	} else {
		parts = append(parts, "Nothing new to review.")
	}
	if r.Decided > 0 {
		parts = append(parts, plural(r.Decided, "item was", "items were")+" already here and not offered again.")
	}
	if r.Refreshed > 0 {
		parts = append(parts, plural(r.Refreshed, "person or entity", "people and entities")+" updated from XPM.")
	}
	if r.Removed > 0 {
		parts = append(parts, plural(r.Removed, "person or entity XPM no longer has was", "people and entities XPM no longer has were")+" removed.")
	}
	return strings.Join(parts, " ")
}
