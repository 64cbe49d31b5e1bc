package health

import (
	"context"
	"fmt"
	"strings"

	"xpmsync/core/store"
)

// extractCols are the cache's columns and how each is read out of a client's JSON (d).
var extractCols = strings.Join(cacheCols, ", ")

// cachedCols are the same columns read from the cache as h.
var cachedCols = "h." + strings.Join(cacheCols, ", h.")

var cacheCols = []string{"name", "first_name", "last_name", "dob", "email", "phone", "postal", "post_code", "country",
	"postal_code", "postal_country", "business", "company", "tax_number", "prospect", "archived", "web_url",
	"partner_uuid", "manager_uuid"}

const extractExprs = `COALESCE(d->>'$.Name',''), COALESCE(d->>'$.FirstName',''), COALESCE(d->>'$.LastName',''),
	COALESCE(d->>'$.DateOfBirth',''), COALESCE(d->>'$.Email',''), COALESCE(d->>'$.Phone',''), COALESCE(d->>'$.PostalAddress',''),
	COALESCE(d->>'$.PostCode',''), COALESCE(d->>'$.Country',''), COALESCE(d->>'$.PostalPostCode',''),
	COALESCE(d->>'$.PostalCountry',''), COALESCE(d->>'$.Tax.BusinessNumber',''), COALESCE(d->>'$.Tax.CompanyNumber',''),
	COALESCE(d->>'$.Tax.TaxNumber',''), COALESCE(d->>'$.IsProspect',0), COALESCE(d->>'$.IsArchived',0), COALESCE(d->>'$.WebURL',''),
	COALESCE(d->>'$.AccountManager.UUID',''), COALESCE(d->>'$.JobManager.UUID','')`

// contactsExpr keeps only what the checks read of an XPM client's contacts.
const contactsExpr = `COALESCE((SELECT json_group_array(json_array(COALESCE(j.value->>'$.UUID',''), COALESCE(j.value->>'$.Name',''),
	COALESCE(j.value->>'$.Email',''), COALESCE(j.value->>'$.Phone',''), COALESCE(j.value->>'$.Mobile',''), COALESCE(j.value->>'$.IsPrimary',0)))
	FROM json_each(d, '$.Contacts') j WHERE NOT COALESCE(j.value->>'$.IsDeleted',0)), '[]')`

// refreshCache reads again the clients changed since the cache last read them. After a sync
// only what the sync changed is decoded; rows of deleted clients go with them (foreign keys).
func refreshCache(ctx context.Context, st *store.Store) error {
	local := `INSERT OR REPLACE INTO health_local(id, stamp, ` + extractCols + `)
		SELECT c.id, c.updated_at, ` + strings.ReplaceAll(extractExprs, "d->>", "c.data->>") + `
		FROM clients c LEFT JOIN health_local h ON h.id = c.id WHERE h.stamp IS NOT c.updated_at`
	xpm := `INSERT OR REPLACE INTO health_xpm(uuid, stamp, ` + extractCols + `, contacts)
		SELECT x.uuid, x.fetched_at, ` + strings.ReplaceAll(extractExprs, "d->>", "x.data->>") + `,
		` + strings.ReplaceAll(contactsExpr, "(d,", "(x.data,") + `
		FROM xpm_clients x LEFT JOIN health_xpm h ON h.uuid = x.uuid WHERE h.stamp IS NOT x.fetched_at`
	queries := []string{local, xpm}
	if st.Postgres() {
		queries = pgRefresh()
	}
	for _, q := range queries {
		if _, err := st.DB().ExecContext(ctx, q); err != nil {
			return fmt.Errorf("read the changed clients: %w", err)
		}
	}
	return nil
}
