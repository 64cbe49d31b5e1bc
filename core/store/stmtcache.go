package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// maxTxStmts bounds how many statements one TxStmts keeps: the hot paths use a dozen, and a
// caller that builds SQL text on the fly must not grow the cache without end.
const maxTxStmts = 64

// TxStmts is a Queryer over one transaction that prepares each distinct statement once and
// reuses it. SQLite parses a statement on every ExecContext with a query string; in a sync of
// thousands of clients that parsing costs more than the writes. Its statements close with the
// transaction. Safe for concurrent use.
type TxStmts struct {
	tx *sql.Tx
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// NewTxStmts starts a statement cache for tx; use it only while tx is open.
func NewTxStmts(tx *sql.Tx) *TxStmts { return &TxStmts{tx: tx, m: map[string]*sql.Stmt{}} }

// Tx is the transaction the statements run in.
func (t *TxStmts) Tx() *sql.Tx { return t.tx }

// stmt returns query prepared on the transaction, or nil when the cache is full.
func (t *TxStmts) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if st, ok := t.m[query]; ok {
		return st, nil
	}
	if len(t.m) >= maxTxStmts {
		return nil, nil
	}
	st, err := t.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	t.m[query] = st
	return st, nil
}

// ExecContext runs a statement that returns no rows.
func (t *TxStmts) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return t.tx.ExecContext(ctx, query, args...)
	}
	return st.ExecContext(ctx, args...)
}

// QueryContext runs a statement that returns rows.
func (t *TxStmts) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return t.tx.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs a statement that returns at most one row. A failed prepare surfaces
// from Scan, as with *sql.Tx.
func (t *TxStmts) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := t.stmt(ctx, query)
	if err != nil || st == nil {
		// The transaction reports the same prepare error through the Row it returns.
		return t.tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}
