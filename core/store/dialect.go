package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// dialect is the engine a Store runs on. The queries are shared (pgdriver.go translates them);
// what cannot be shared — schema version, search matching, one ordering — is decided here.
type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

// Postgres reports whether the store runs on a shared PostgreSQL database.
func (s *Store) Postgres() bool { return s.d == postgresDialect }

// migrationDir is where the engine's embedded migrations live.
func (d dialect) migrationDir() string {
	if d == postgresDialect {
		return "migrations_pg"
	}
	return "migrations"
}

// readVersion reads the schema version: SQLite keeps it in user_version, PostgreSQL in a table
// that migrations_pg create on first use.
func (d dialect) readVersion(ctx context.Context, q Queryer) (int, error) {
	if d == sqliteDialect {
		var v int
		err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
		return v, err
	}
	var exists bool
	if err := q.QueryRowContext(ctx, `SELECT to_regclass('xpmsync_schema') IS NOT NULL`).Scan(&exists); err != nil || !exists {
		return 0, err
	}
	var v int
	err := q.QueryRowContext(ctx, `SELECT COALESCE(max(version), 0) FROM xpmsync_schema`).Scan(&v)
	return v, err
}

// writeVersion records version v inside the migration's transaction.
func (d dialect) writeVersion(ctx context.Context, tx *sql.Tx, v int) error {
	if d == sqliteDialect {
		_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v))
		return err
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS xpmsync_schema (version INTEGER NOT NULL)`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM xpmsync_schema`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO xpmsync_schema(version) VALUES(?)`, v)
	return err
}

// lockMigrations keeps two seats that start at once from migrating the same database twice: the
// second waits, then finds the work done. SQLite's one-copy-per-folder rule already does this.
func (d dialect) lockMigrations(ctx context.Context, tx *sql.Tx) error {
	if d == sqliteDialect {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, migrateLockKey)
	return err
}

// tableExists reports whether the schema has table name.
func (d dialect) tableExists(ctx context.Context, q Queryer, name string) (bool, error) {
	query := `SELECT count(*) FROM sqlite_master WHERE name = ?`
	if d == postgresDialect {
		query = `SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?`
	}
	var n int
	err := q.QueryRowContext(ctx, query, name).Scan(&n)
	return n > 0, err
}

// match is the condition that a search-index row (alias, "" = the table itself) matches the
// argument searchArg makes of what the user typed.
func (d dialect) match(alias string) string {
	if d == sqliteDialect {
		return "client_search MATCH ?"
	}
	if alias == "" {
		alias = "client_search"
	}
	return alias + ".words @@ xs_tsquery(?)"
}

// searchArg turns what the user typed into the engine's search argument ("" = no search):
// every word must match as a prefix, and a word with punctuation inside ("o'b", "smith-j",
// "555-01") must match as those words in a row, the last as a prefix — as the name it is part
// of was indexed ("O'Brien": "o", "brien"). Punctuation never reaches the query syntax, so input
// like `"` cannot break it.
func (d dialect) searchArg(text string) string {
	var groups [][]string
	for _, chunk := range strings.Fields(text) {
		if parts := strings.FieldsFunc(chunk, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }); len(parts) > 0 {
			groups = append(groups, parts)
		}
	}
	var b strings.Builder
	for _, g := range groups {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		if d == postgresDialect {
			b.WriteString(strings.Join(g, "-")) // xs_tsquery (migration 010) reads a-b as a phrase
		} else {
			b.WriteString(`"` + strings.Join(g, " ") + `"*`)
		}
	}
	return b.String()
}

// orderRows orders the Clients list, a UNION ALL whose 4th column is the name and whose
// changeCol-th column is when the row changed (0 = by name). PostgreSQL orders a UNION only by
// plain result columns, so there the union is read as a subquery first.
func (d dialect) orderRows(union string, changeCol int) string {
	if d == sqliteDialect {
		if changeCol > 0 {
			return fmt.Sprintf("%s ORDER BY %d DESC, 4 COLLATE NOCASE, 2, 3", union, changeCol)
		}
		return union + " ORDER BY 4 COLLATE NOCASE, 2, 3"
	}
	order := "name COLLATE NOCASE, id, uuid"
	if changeCol > 0 {
		order = fmt.Sprintf("%d DESC, %s", changeCol, order)
	}
	return "SELECT * FROM (" + union + ") AS u ORDER BY " + order
}

// ErrNotXPMSync means a PostgreSQL database holds tables that XPM Sync did not make.
var ErrNotXPMSync = errors.New("this database already holds other data")

// ForUpdate ends a SELECT that reads rows the transaction writes back: on PostgreSQL it locks
// them (READ COMMITTED lets another seat's commit slip in between the read and the write); on
// SQLite the transaction already holds the database's write lock.
func (s *Store) ForUpdate() string {
	if s.d == postgresDialect {
		return " FOR UPDATE"
	}
	return ""
}
