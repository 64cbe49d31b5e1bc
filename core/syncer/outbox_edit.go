package syncer

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// contactPushFields are every contact value XPM's PUT writes (it clears what it is not sent),
// so an edit sends each of them: the ones changed here, and XPM's own for the rest.
var contactPushFields = append(append([]model.ContactField{}, model.ContactFields...),
	model.ContactField{Key: "Addressee", Label: "Addressee", Get: func(c *model.Contact) string { return c.Addressee }, Set: func(c *model.Contact, v string) { c.Addressee = v }},
	model.ContactField{Key: "Position", Label: "Position", Get: func(c *model.Contact) string { return c.Position }, Set: func(c *model.Contact, v string) { c.Position = v }},
	model.ContactField{Key: "IsPrimary", Label: "Primary", Get: func(c *model.Contact) string { return yesNo(c.IsPrimary) }, Set: func(c *model.Contact, v string) { c.IsPrimary = v == "Yes" }},
)

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// mergeContact is what an edit sends: XPM's current contact with the fields changed here put
// over it (fields nil = every field is the local one, as a sync's push decided).
func mergeContact(local, cur model.Contact, fields []string) (merged model.Contact, changed []string) {
	merged = cur
	for _, f := range contactPushFields {
		if fields != nil && !slices.Contains(fields, f.Key) {
			continue
		}
		if lv := f.Get(&local); f.Get(&cur) != lv {
			f.Set(&merged, lv)
			changed = append(changed, f.Label)
		}
	}
	return merged, changed
}

// changedContactFields lists the keys of the fields that differ between two versions.
func changedContactFields(old, cur model.Contact) []string {
	out := []string{}
	for _, f := range contactPushFields {
		if f.Get(&old) != f.Get(&cur) {
			out = append(out, f.Key)
		}
	}
	return out
}

// sendEditContact re-reads the contact from XPM and sends only what changed here: a value XPM
// changed meanwhile in a field not edited here is kept, never overwritten.
func (e *Engine) sendEditContact(ctx context.Context, it store.OutboxItem, lc store.LocalClient, _ bool) error {
	var p contactPayload
	if err := json.Unmarshal([]byte(it.Payload), &p); err != nil {
		return e.settleItem(ctx, it, lc, fmt.Errorf("unreadable queued change: %w", err), true)
	}
	api, err := e.api.people()
	if err != nil {
		return e.refused(ctx, it, lc, err)
	}
	local, here := findContact(lc.Client.Contacts, func(c model.Contact) bool { return c.UUID == p.Contact.UUID })
	if !here {
		return e.dropItem(ctx, it, lc, "Contact "+p.Contact.Name+" was removed here; its earlier change was not sent")
	}
	cur, err := api.GetContact(ctx, local.UUID, p.ClientUUID)
	if err != nil {
		return e.refused(ctx, it, lc, err)
	}
	merged, changed := mergeContact(local, cur, p.Fields)
	if len(changed) > 0 {
		if _, err := e.api.UpdateContact(ctx, p.ClientUUID, merged); err != nil {
			return e.refused(ctx, it, lc, err)
		}
	}
	details := "Contact " + merged.Name + ": nothing left to send, XPM already has it"
	if len(changed) > 0 {
		details = fmt.Sprintf("Contact %s sent to XPM: %s", merged.Name, strings.Join(changed, ", "))
	}
	return e.ackEditContact(ctx, it, lc, merged, details)
}

// ackEditContact records that XPM holds merged: the local contact takes it (so a value XPM
// kept is not sent back later), the mirror too, and it is the new agreed value.
func (e *Engine) ackEditContact(ctx context.Context, it store.OutboxItem, lc store.LocalClient, merged model.Contact, details string) error {
	p, err := LoadPolicy(ctx, e.st)
	if err != nil {
		return err
	}
	if m, ok := NormalizeMobile(merged.Mobile, p.DefaultCountryCode); ok {
		merged.Mobile = m
	}
	return e.ackPeople(ctx, it, lc, details, func(tx *sql.Tx, cur *store.LocalClient) error {
		for i := range cur.Client.Contacts {
			if cur.Client.Contacts[i].UUID == merged.UUID {
				merged.LocalKey = cur.Client.Contacts[i].LocalKey
				cur.Client.Contacts[i] = merged
			} else if merged.IsPrimary {
				cur.Client.Contacts[i].IsPrimary = false
			}
		}
		return e.st.UpdateClientTx(ctx, tx, cur)
	}, func(x *model.Client, base map[string]string) {
		for i := range x.Contacts {
			if x.Contacts[i].UUID == merged.UUID {
				x.Contacts[i] = merged
			} else if merged.IsPrimary {
				x.Contacts[i].IsPrimary = false
			}
		}
		for _, cf := range contactPushFields {
			base[contactKey(merged.UUID, cf.Key)] = cf.Get(&merged)
		}
	})
}
