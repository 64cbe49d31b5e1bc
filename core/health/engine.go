package health

import (
	"strings"

	"xpmsync/core/store"
)

// sqlOf spells the few pieces of the checks' SQL that SQLite and PostgreSQL write differently
// (the store's driver already turns `?` and SQLite's JSON function names into PostgreSQL's).
type sqlOf struct{ pg bool }

func sqlFor(st *store.Store) sqlOf { return sqlOf{pg: st.Postgres()} }

// sep is the character the cache joins fields with (char 31, the unit separator).
func (q sqlOf) sep() string {
	if q.pg {
		return "chr(31)"
	}
	return "char(31)"
}

// indexed names the covering index SQLite should read (PostgreSQL's planner chooses its own).
func (q sqlOf) indexed(name string) string {
	if q.pg {
		return ""
	}
	return " INDEXED BY " + name
}

// fieldsExprPG is fieldsExpr for PostgreSQL over a jsonb document d (parsed once per row).
func fieldsExprPG(d string) string {
	parts := make([]string, len(cacheFields))
	for i, f := range cacheFields {
		parts[i] = "replace(COALESCE(" + d + " #>> '{" + strings.ReplaceAll(f, ".", ",") + "}',''), chr(31), ' ')"
	}
	return "concat_ws(chr(31), " + strings.Join(parts, ", ") + ")"
}

// contactsExprPG is contactsExpr for PostgreSQL: the same JSON rows, flags as 0 or 1.
func contactsExprPG(d string) string {
	return `COALESCE((SELECT jsonb_agg(jsonb_build_array(COALESCE(j->>'UUID',''), COALESCE(j->>'Name',''),
		COALESCE(j->>'Email',''), COALESCE(j->>'Phone',''), COALESCE(j->>'Mobile',''),
		CASE WHEN j->>'IsPrimary' IN ('true','1') THEN 1 ELSE 0 END))
		FROM jsonb_array_elements(CASE WHEN jsonb_typeof(` + d + `->'Contacts') = 'array' THEN ` + d + `->'Contacts' ELSE '[]'::jsonb END) j
		WHERE COALESCE(j->>'IsDeleted','') NOT IN ('true','1')), '[]'::jsonb)::text`
}

// refreshSQLPG is refreshCache's two statements for PostgreSQL.
func refreshSQLPG() []string {
	local := `INSERT INTO health_local(id, stamp, fields)
		SELECT id, updated_at, ` + fieldsExprPG("d") + `
		FROM (SELECT c.id, c.updated_at, c.data::jsonb AS d FROM clients c WHERE c.id IN (SELECT s.id FROM clients s
			LEFT JOIN health_local h ON h.id = s.id WHERE h.stamp IS DISTINCT FROM s.updated_at)) q
		ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp, fields = excluded.fields`
	xpm := `INSERT INTO health_xpm(uuid, stamp, fields, contacts)
		SELECT uuid, fetched_at, ` + fieldsExprPG("d") + `, ` + contactsExprPG("d") + `
		FROM (SELECT x.uuid, x.fetched_at, x.data::jsonb AS d FROM xpm_clients x WHERE x.uuid IN (SELECT s.uuid FROM xpm_clients s
			LEFT JOIN health_xpm h ON h.uuid = s.uuid WHERE h.stamp IS DISTINCT FROM s.fetched_at)) q
		ON CONFLICT (uuid) DO UPDATE SET stamp = excluded.stamp, fields = excluded.fields, contacts = excluded.contacts`
	return []string{local, xpm}
}
