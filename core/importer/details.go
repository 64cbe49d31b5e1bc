package importer

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// DetailFields are the client details an import replaces with XPM's (seed 004: name, title,
// email, phone, date of birth, address, gender), as model.ClientFields keys.
var DetailFields = []string{"Name", "Title", "FirstName", "LastName", "Email", "Phone", "DateOfBirth", "Gender",
	"Address", "City", "Region", "PostCode", "Country",
	"PostalAddress", "PostalCity", "PostalRegion", "PostalPostCode", "PostalCountry"}

// applyDetailsTx replaces the client's details with XPM's, records each change in the client's
// history, keeps what was applied as the client's details item, and returns the labels changed.
// The person agreed to the replacement before the import started. A blank value in XPM
// replaces too: the import makes the details what XPM holds.
func (im *Importer) applyDetailsTx(ctx context.Context, tx *sql.Tx, lc *store.LocalClient, x *model.Client) ([]string, error) {
	var changed []string
	applied := map[string]string{}
	for _, key := range DetailFields {
		f, ok := model.FieldByKey(key)
		if !ok {
			continue
		}
		old, next := f.Get(&lc.Client), f.Get(x)
		applied[key] = next
		if old == next {
			continue
		}
		if key == "Name" && next == "" {
			continue // XPM never has a nameless client; a blank here is a bad read, not a rename
		}
		f.Set(&lc.Client, next)
		changed = append(changed, f.Label)
		if err := im.st.AddHistoryTx(ctx, tx, store.FieldChange{ClientID: lc.ID, Field: key, Old: old, New: next,
			Source: store.SourceXPM}); err != nil {
			return nil, err
		}
	}
	if len(changed) > 0 {
		if err := im.st.UpdateClientTx(ctx, tx, lc); err != nil {
			return nil, err
		}
	}
	payload, err := json.Marshal(applied)
	if err != nil {
		return nil, fmt.Errorf("encode the details of %q: %w", x.Name, err)
	}
	if err := im.st.RecordDetailsItemTx(ctx, tx, lc.ID, lc.XPMUUID, lc.Client.Name, string(payload)); err != nil {
		return nil, err
	}
	return changed, nil
}
