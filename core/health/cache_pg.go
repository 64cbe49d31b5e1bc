package health

import "strings"

// The cache refresh in PostgreSQL's words: documents are read as jsonb, JSON booleans become
// the 1/0 SQLite's ->> gives, and an upsert replaces SQLite's INSERT OR REPLACE.

var pgExtractExprs = `COALESCE(d->>'Name',''), COALESCE(d->>'FirstName',''), COALESCE(d->>'LastName',''),
	COALESCE(d->>'DateOfBirth',''), COALESCE(d->>'Email',''), COALESCE(d->>'Phone',''), COALESCE(d->>'PostalAddress',''),
	COALESCE(d->>'PostCode',''), COALESCE(d->>'Country',''), COALESCE(d->>'PostalPostCode',''),
	COALESCE(d->>'PostalCountry',''), COALESCE(d#>>'{Tax,BusinessNumber}',''), COALESCE(d#>>'{Tax,CompanyNumber}',''),
	COALESCE(d#>>'{Tax,TaxNumber}',''), ` + pgFlag("d->>'IsProspect'") + `, ` + pgFlag("d->>'IsArchived'") + `, COALESCE(d->>'WebURL',''),
	COALESCE(d#>>'{AccountManager,UUID}',''), COALESCE(d#>>'{JobManager,UUID}','')`

var pgContactsExpr = `COALESCE((SELECT jsonb_agg(jsonb_build_array(COALESCE(j->>'UUID',''), COALESCE(j->>'Name',''),
	COALESCE(j->>'Email',''), COALESCE(j->>'Phone',''), COALESCE(j->>'Mobile',''), ` + pgFlag("j->>'IsPrimary'") + `) ORDER BY n)::text
	FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d->'Contacts') = 'array' THEN d->'Contacts' ELSE '[]'::jsonb END)
		WITH ORDINALITY AS e(j, n)
	WHERE COALESCE(j->>'IsDeleted', 'false') NOT IN ('true', '1')), '[]')`

func pgFlag(v string) string { return `CASE WHEN ` + v + ` IN ('true', '1') THEN 1 ELSE 0 END` }

// pgRefresh are the two refresh statements for PostgreSQL.
func pgRefresh() []string {
	set := make([]string, 0, len(cacheCols)+2)
	for _, c := range append([]string{"stamp"}, cacheCols...) {
		set = append(set, c+" = excluded."+c)
	}
	local := `INSERT INTO health_local(id, stamp, ` + extractCols + `)
		SELECT c.id, c.updated_at, ` + pgExtractExprs + `
		FROM clients c CROSS JOIN LATERAL (SELECT c.data::jsonb AS d) AS dj LEFT JOIN health_local h ON h.id = c.id
		WHERE h.stamp IS DISTINCT FROM c.updated_at
		ON CONFLICT (id) DO UPDATE SET ` + strings.Join(set, ", ")
	xpm := `INSERT INTO health_xpm(uuid, stamp, ` + extractCols + `, contacts)
		SELECT x.uuid, x.fetched_at, ` + pgExtractExprs + `, ` + pgContactsExpr + `
		FROM xpm_clients x CROSS JOIN LATERAL (SELECT x.data::jsonb AS d) AS dj LEFT JOIN health_xpm h ON h.uuid = x.uuid
		WHERE h.stamp IS DISTINCT FROM x.fetched_at
		ON CONFLICT (uuid) DO UPDATE SET ` + strings.Join(set, ", ") + `, contacts = excluded.contacts`
	return []string{local, xpm}
}
