package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// ErrTargetNotEmpty means `xpmsync migrate` was pointed at a database that already holds data.
var ErrTargetNotEmpty = errors.New("the target database is not empty")

// CopyReport is what a copy moved, table by table, verified by row counts and checksums.
type CopyReport struct {
	Tables []TableCopy
}

// TableCopy is one table's rows as copied and verified.
type TableCopy struct {
	Name string
	Rows int64
	Sum  string // SHA-256 over the rows in key order, the same on both sides
}

// Rows returns the rows copied into table name.
func (r CopyReport) Rows(name string) int64 {
	for _, t := range r.Tables {
		if t.Name == name {
			return t.Rows
		}
	}
	return 0
}

// CopyTo copies every row of this (SQLite) store into dst, an empty PostgreSQL store at the same
// schema version, inside one PostgreSQL transaction that commits only when every table's row
// count and checksum match the source. The source is read in one read transaction and never
// written. progress (may be nil) hears each table as it starts.
func (s *Store) CopyTo(ctx context.Context, dst *Store, progress func(table string)) (CopyReport, error) {
	var rep CopyReport
	if s.d != sqliteDialect || dst.d != postgresDialect {
		return rep, errors.New("copy goes from a SQLite database to a PostgreSQL one")
	}
	if err := sameVersion(ctx, s, dst); err != nil {
		return rep, err
	}
	src, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return rep, fmt.Errorf("read the local database: %w", err)
	}
	defer src.Rollback()
	conn, err := dst.db.Conn(ctx)
	if err != nil {
		return rep, ClassifyPGError(dst.path, err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		pc := dc.(*pgConn).Conn.Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return ClassifyPGError(dst.path, err)
		}
		defer tx.Rollback(ctx)
		if rep, err = copyTables(ctx, src, tx, progress); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
	return rep, err
}

func sameVersion(ctx context.Context, src, dst *Store) error {
	sv, err := src.Version(ctx)
	if err != nil {
		return err
	}
	dv, err := dst.Version(ctx)
	if err != nil {
		return err
	}
	if sv != dv {
		return fmt.Errorf("the local database is at version %d and the target at %d: open XPM Sync once on this computer first", sv, dv)
	}
	return nil
}

// copyTables copies and verifies the tables in foreign-key order.
func copyTables(ctx context.Context, src *sql.Tx, dst pgx.Tx, progress func(string)) (CopyReport, error) {
	var rep CopyReport
	tables, err := pgTablesInOrder(ctx, dst)
	if err != nil {
		return rep, err
	}
	if err := refuseData(ctx, dst, tables); err != nil {
		return rep, err
	}
	for _, t := range tables {
		if progress != nil {
			progress(t)
		}
		tc, err := copyTable(ctx, src, dst, t)
		if err != nil {
			return rep, err
		}
		rep.Tables = append(rep.Tables, tc)
	}
	return rep, nil
}

// pgTablesInOrder lists XPM Sync's tables, each after the tables its foreign keys point at.
func pgTablesInOrder(ctx context.Context, tx pgx.Tx) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT t.tablename, COALESCE(array_agg(DISTINCT f.confrelid::regclass::text) FILTER (WHERE f.confrelid IS NOT NULL), '{}')
		FROM pg_tables t LEFT JOIN pg_constraint f ON f.conrelid = (quote_ident(t.tablename))::regclass AND f.contype = 'f'
		WHERE t.schemaname = current_schema() AND t.tablename <> 'xpmsync_schema' GROUP BY t.tablename ORDER BY t.tablename`)
	if err != nil {
		return nil, fmt.Errorf("list the target's tables: %w", err)
	}
	deps := map[string][]string{}
	var names []string
	for rows.Next() {
		var name string
		var refs []string
		if err := rows.Scan(&name, &refs); err != nil {
			return nil, err
		}
		names, deps[name] = append(names, name), refs
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var order []string
	for len(order) < len(names) {
		before := len(order)
		for _, n := range names {
			if !slices.Contains(order, n) && allIn(deps[n], order, n) {
				order = append(order, n)
			}
		}
		if len(order) == before {
			return nil, errors.New("the target's tables refer to each other in a circle")
		}
	}
	return order, nil
}

func allIn(refs, order []string, self string) bool {
	for _, r := range refs {
		if r != self && !slices.Contains(order, r) {
			return false
		}
	}
	return true
}

// refuseData stops the copy when any table of the target holds a row: a copy never merges.
func refuseData(ctx context.Context, tx pgx.Tx, tables []string) error {
	for _, t := range tables {
		var any bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+pgx.Identifier{t}.Sanitize()+`)`).Scan(&any); err != nil {
			return fmt.Errorf("check table %s of the target: %w", t, err)
		}
		if any {
			return fmt.Errorf("%w: table %s already has rows; copy into a new, empty database", ErrTargetNotEmpty, t)
		}
	}
	return nil
}

// copyTable copies one table with COPY and checks the target against the source.
func copyTable(ctx context.Context, src *sql.Tx, dst pgx.Tx, table string) (TableCopy, error) {
	tc := TableCopy{Name: table}
	cols, err := pgColumns(ctx, dst, table)
	if err != nil {
		return tc, err
	}
	rows, err := src.QueryContext(ctx, selectAll(table, cols))
	if err != nil {
		return tc, fmt.Errorf("read %s from the local database: %w", table, err)
	}
	defer rows.Close()
	n, err := dst.CopyFrom(ctx, pgx.Identifier{table}, cols, &sqlRowSource{rows: rows, n: len(cols)})
	if err != nil {
		return tc, fmt.Errorf("copy %s: %w", table, err)
	}
	if err := resetIdentity(ctx, dst, table, cols); err != nil {
		return tc, err
	}
	return verifyTable(ctx, src, dst, table, cols, n)
}

// pgColumns are the target table's columns the copy fills (the search words are computed).
func pgColumns(ctx context.Context, tx pgx.Tx, table string) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 AND data_type <> 'tsvector' ORDER BY ordinal_position`, table)
	if err != nil {
		return nil, fmt.Errorf("read the columns of %s: %w", table, err)
	}
	cols, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("read the columns of %s: %w", table, err)
	}
	return cols, nil
}

func selectAll(table string, cols []string) string {
	order := make([]string, len(cols))
	for i := range cols {
		order[i] = strconv.Itoa(i + 1)
	}
	return `SELECT "` + strings.Join(cols, `", "`) + `" FROM "` + table + `" ORDER BY ` + strings.Join(order, ", ")
}

// resetIdentity moves an identity column's sequence past the copied IDs, so the next row a seat
// adds does not collide with one copied.
func resetIdentity(ctx context.Context, tx pgx.Tx, table string, cols []string) error {
	if !slices.Contains(cols, "id") {
		return nil
	}
	_, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), m) FROM (SELECT max(id) AS m FROM `+
		pgx.Identifier{table}.Sanitize()+`) AS x WHERE m IS NOT NULL AND pg_get_serial_sequence($1, 'id') IS NOT NULL`, table)
	if err != nil {
		return fmt.Errorf("advance the IDs of %s: %w", table, err)
	}
	return nil
}

// verifyTable reads both sides again in the same order and compares count and checksum.
func verifyTable(ctx context.Context, src *sql.Tx, dst pgx.Tx, table string, cols []string, copied int64) (TableCopy, error) {
	tc := TableCopy{Name: table}
	srcN, srcSum, err := checksumSQL(ctx, src, selectAll(table, cols))
	if err != nil {
		return tc, fmt.Errorf("check %s in the local database: %w", table, err)
	}
	dstN, dstSum, err := checksumPG(ctx, dst, selectAll(table, cols))
	if err != nil {
		return tc, fmt.Errorf("check %s in the target: %w", table, err)
	}
	if srcN != dstN || srcN != copied || srcSum != dstSum {
		return tc, fmt.Errorf("table %s did not copy faithfully (%d rows here, %d there, checksums %.12s and %.12s); nothing was kept",
			table, srcN, dstN, srcSum, dstSum)
	}
	tc.Rows, tc.Sum = dstN, dstSum
	return tc, nil
}

func checksumSQL(ctx context.Context, tx *sql.Tx, query string) (int64, string, error) {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return 0, "", err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	src := &sqlRowSource{rows: rows, n: len(cols)}
	h, n := sha256.New(), int64(0)
	for src.Next() {
		vals, err := src.Values()
		if err != nil {
			return 0, "", err
		}
		writeRow(h, vals)
		n++
	}
	return n, fmt.Sprintf("%x", h.Sum(nil)), src.Err()
}

func checksumPG(ctx context.Context, tx pgx.Tx, query string) (int64, string, error) {
	rows, err := tx.Query(ctx, query)
	if err != nil {
		return 0, "", err
	}
	defer rows.Close()
	h, n := sha256.New(), int64(0)
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return 0, "", err
		}
		writeRow(h, vals)
		n++
	}
	return n, fmt.Sprintf("%x", h.Sum(nil)), rows.Err()
}

// writeRow feeds one row to the checksum in a form both engines' values share: integers in
// decimal, text as it is, NULL as a marker no text has.
func writeRow(h interface{ Write([]byte) (int, error) }, vals []any) {
	for _, v := range vals {
		switch x := v.(type) {
		case nil:
			h.Write([]byte{0xff, 0})
		case int64:
			h.Write([]byte("i" + strconv.FormatInt(x, 10)))
		case int32:
			h.Write([]byte("i" + strconv.FormatInt(int64(x), 10)))
		case []byte:
			h.Write([]byte("s" + strconv.Itoa(len(x)) + ":"))
			h.Write(x)
		default:
			s := fmt.Sprint(x)
			h.Write([]byte("s" + strconv.Itoa(len(s)) + ":" + s))
		}
		h.Write([]byte{0})
	}
	h.Write([]byte{'\n'})
}

// sqlRowSource feeds database/sql rows to pgx's COPY.
type sqlRowSource struct {
	rows *sql.Rows
	n    int
	err  error
}

func (r *sqlRowSource) Next() bool { return r.err == nil && r.rows.Next() }

func (r *sqlRowSource) Values() ([]any, error) {
	vals := make([]any, r.n)
	ptrs := make([]any, r.n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := r.rows.Scan(ptrs...); err != nil {
		r.err = err
		return nil, err
	}
	for i, v := range vals {
		if b, ok := v.([]byte); ok { // SQLite hands some text back as bytes; the target keeps text
			vals[i] = string(b)
		}
	}
	return vals, nil
}

func (r *sqlRowSource) Err() error {
	if r.err != nil {
		return r.err
	}
	return r.rows.Err()
}
