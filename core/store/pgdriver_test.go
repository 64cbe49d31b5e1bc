package store

import "testing"

func TestRewritePGNumbersPlaceholdersAndRenamesSQLiteFunctions(t *testing.T) {
	cases := map[string]string{
		`SELECT a FROM t WHERE b = ? AND c IN (?,?)`:                    `SELECT a FROM t WHERE b = $1 AND c IN ($2,$3)`,
		`SELECT json_extract(data,'$.A?') FROM t WHERE x = ?`:           `SELECT xs_json_extract(data,'$.A?') FROM t WHERE x = $1`,
		`SELECT value FROM json_each(?) -- why?` + "\n" + `WHERE 1`:     `SELECT value FROM xs_json_each($1) -- why?` + "\n" + `WHERE 1`,
		`SELECT "json_each" FROM t WHERE instr(lower(n), lower(?)) > 0`: `SELECT "json_each" FROM t WHERE strpos(lower(n), lower($1)) > 0`,
		`SELECT group_concat(a, ' ') FROM t WHERE e = ?1 OR f = ?1`:     `SELECT string_agg(a, ' ') FROM t WHERE e = $1 OR f = $1`,
		`CREATE FUNCTION xs_json_each(d text) AS $$ SELECT ? $$`:        `CREATE FUNCTION xs_json_each(d text) AS $$ SELECT ? $$`,
		`SELECT 'it''s ?', my_json_each(x), json_each FROM t`:           `SELECT 'it''s ?', my_json_each(x), json_each FROM t`,
	}
	for in, want := range cases {
		if got := rewriteText(in); got != want {
			t.Errorf("rewrite(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}
