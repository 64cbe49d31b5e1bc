package demo

import (
	"errors"
	"fmt"
	"time"

	"xpmsync/core/importer"
	"xpmsync/core/store"
	"xpmsync/core/xpmfake"
)

// importItems runs "Import items from XPM" on a handful of clients with people and entities:
// their relationships and contacts wait in Import review; the practice deals with a few of them
// (one imported, one ignored) and leaves the rest for later.
func (b *builder) importItems() error {
	lcs, err := b.pick(3, hasRelationships)
	if err != nil {
		return err
	}
	ids := make([]int64, len(lcs))
	for i, lc := range lcs {
		ids[i] = lc.ID
	}
	if err := b.handMadeRelationship(lcs[0]); err != nil {
		return err
	}
	sum, err := b.imp.Run(b.ctx, ids, nil)
	if err != nil {
		return err
	}
	if failed := sum.Failed(); len(failed) > 0 {
		return fmt.Errorf("import from XPM: %s: %w", failed[0].Name, failed[0].Err)
	}
	// The first client's items are left for "Link to existing"; the practice decides two others.
	items, err := b.st.ImportItems(b.ctx, ids[1], store.ItemNew)
	if err != nil {
		return err
	}
	if len(items) < 2 {
		return fmt.Errorf("import from XPM found %d items for the second client", len(items))
	}
	if err := b.imp.Import(b.ctx, items[0].ID, importer.DefaultForm(items[0])); err != nil {
		return fmt.Errorf("import %s: %w", items[0].Name, err)
	}
	_, err = b.imp.Ignore(b.ctx, items[1].ID)
	return err
}

// handMadeRelationship: before importing from XPM, the practice had recorded one of the
// client's relationships here by hand. XPM's own record of it then waits in Import review,
// where "Link to existing" offers the hand-made one.
func (b *builder) handMadeRelationship(lc store.LocalClient) error {
	x, ok := b.fake.Client(lc.XPMUUID)
	if !ok || len(x.Relationships) == 0 {
		return fmt.Errorf("%s has no relationships in XPM", lc.Client.Name)
	}
	linked, err := b.st.LinkedClientIDs(b.ctx)
	if err != nil {
		return err
	}
	r := x.Relationships[0]
	related, ok := linked[r.RelatedClient.UUID]
	if !ok {
		return fmt.Errorf("%s is not a client here", r.RelatedClient.Name)
	}
	id, err := b.eng.SaveRelationship(b.ctx, store.LocalRelationship{ClientID: lc.ID, RelatedClientID: related, Type: r.Type})
	if err != nil {
		return err
	}
	b.mark(RoleHandMade, id)
	b.mark(RoleLinkToExisting, lc.ID)
	return nil
}

// outage: the practice creates one of its own clients in XPM just as XPM stops answering, so the
// creation waits in the outbox. The next hourly sync fails, the retries after 2 and 4 minutes
// fail too, and the third failure raises the alert. XPM answers again; the next retry works,
// clears the alert and sends the waiting creation.
func (b *builder) outage() error {
	id := b.cast.local[0]
	out, err := b.link.CreateInXPM(b.ctx, id)
	if err != nil {
		return err
	}
	if !out.Queued {
		return errors.New("creating a client in XPM was not queued")
	}
	b.mark(RoleOutbox, id)
	b.fake.SetFaults(xpmfake.Faults{Rate5xx: 1})
	// The app sends a queued change at once; this one meets the outage and waits.
	if sent, err := b.eng.FlushOutbox(b.ctx); err != nil || sent > 0 {
		return fmt.Errorf("the outbox was sent (%d) while XPM did not answer: %v", sent, err)
	}
	first := b.sched.State().Next
	if first.IsZero() {
		return errors.New("no sync is planned")
	}
	if err := b.runUntil(first.Add(7 * time.Minute)); err != nil {
		return err
	}
	b.fake.SetFaults(xpmfake.Faults{})
	return nil
}
