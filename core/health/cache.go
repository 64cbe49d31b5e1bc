package health

import (
	"context"
	"fmt"
	"strings"

	"xpmsync/core/store"
)

// cacheFields are the fields the cache keeps of a client, in order, as JSON paths in its record.
// The cache holds them in one column joined by char(31); splitFields reads them back.
var cacheFields = []string{"Name", "FirstName", "LastName", "DateOfBirth", "Email", "Phone", "PostalAddress",
	"PostCode", "Country", "PostalPostCode", "PostalCountry", "Tax.BusinessNumber", "Tax.CompanyNumber",
	"Tax.TaxNumber", "IsProspect", "IsArchived", "WebURL", "AccountManager.UUID", "JobManager.UUID"}

// fieldsExpr builds the SQL that joins a record's fields (the JSON in column col).
func fieldsExpr(col string) string {
	parts := make([]string, len(cacheFields))
	for i, f := range cacheFields {
		parts[i] = "replace(COALESCE(" + col + "->>'$." + f + "',''), char(31), ' ')"
	}
	return "concat_ws(char(31), " + strings.Join(parts, ", ") + ")"
}

// contactsExpr keeps only what the checks read of an XPM client's contacts.
const contactsExpr = `COALESCE((SELECT json_group_array(json_array(COALESCE(j.value->>'$.UUID',''), COALESCE(j.value->>'$.Name',''),
	COALESCE(j.value->>'$.Email',''), COALESCE(j.value->>'$.Phone',''), COALESCE(j.value->>'$.Mobile',''), COALESCE(j.value->>'$.IsPrimary',0)))
	FROM json_each(d, '$.Contacts') j WHERE NOT COALESCE(j.value->>'$.IsDeleted',0)), '[]')`

// refreshCache reads again the clients changed since the cache last read them. After a sync
// only what the sync changed is decoded; rows of deleted clients go with them (foreign keys).
// Which rows changed is found first, from the stamps' covering indexes: asked in one statement
// with the decoding, SQLite reads every client's whole record to compare the stamps.
func refreshCache(ctx context.Context, st *store.Store) error {
	local := `INSERT OR REPLACE INTO health_local(id, stamp, fields)
		SELECT c.id, c.updated_at, ` + fieldsExpr("c.data") + `
		FROM clients c WHERE c.id IN (SELECT s.id FROM clients s LEFT JOIN health_local h ON h.id = s.id
			WHERE h.stamp IS NOT s.updated_at)`
	xpm := `INSERT OR REPLACE INTO health_xpm(uuid, stamp, fields, contacts)
		SELECT x.uuid, x.fetched_at, ` + fieldsExpr("x.data") + `,
		` + strings.ReplaceAll(contactsExpr, "(d,", "(x.data,") + `
		FROM xpm_clients x WHERE x.uuid IN (SELECT s.uuid FROM xpm_clients s INDEXED BY health_xpm_stamp
			LEFT JOIN health_xpm h ON h.uuid = s.uuid WHERE h.stamp IS NOT s.fetched_at)`
	stmts := []string{local, xpm}
	if st.Postgres() {
		stmts = refreshSQLPG()
	}
	for _, q := range stmts {
		if _, err := st.DB().ExecContext(ctx, q); err != nil {
			return fmt.Errorf("read the changed clients: %w", err)
		}
	}
	return nil
}
