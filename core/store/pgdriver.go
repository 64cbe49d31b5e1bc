package store

import (
	"context"
	"database/sql/driver"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/stdlib"
)

// The shared queries are written once, in the SQL both engines speak, with SQLite's `?`
// placeholders and a few SQLite function names. pgConn puts them into PostgreSQL's words on the
// way to the server, so every package can keep using *sql.DB and *sql.Tx unchanged. Everything
// an engine does differently is here, in dialect.go and in migrations_pg.

// pgConnector hands database/sql connections that rewrite each query.
type pgConnector struct{ inner driver.Connector }

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{conn.(*stdlib.Conn)}, nil
}

func (c pgConnector) Driver() driver.Driver { return c.inner.Driver() }

// pgConn is pgx's database/sql connection with the query text rewritten.
type pgConn struct{ *stdlib.Conn }

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rewritePG(query))
}

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rewritePG(query))
}

func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rewritePG(query), args)
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rewritePG(query), args)
}

// pgRenames are SQLite functions whose PostgreSQL stand-ins have other names (the xs_ ones
// are made by migrations_pg/001).
var pgRenames = map[string]string{
	"json_extract": "xs_json_extract",
	"json_each":    "xs_json_each",
	"group_concat": "string_agg",
	"instr":        "strpos",
}

var rewritten sync.Map // query text → PostgreSQL text; the app runs a bounded set of queries

// rewritePG numbers the `?` placeholders ($1, $2, …) and renames SQLite functions, leaving
// quoted text, identifiers, dollar-quoted bodies and comments as they are.
func rewritePG(q string) string {
	if v, ok := rewritten.Load(q); ok {
		return v.(string)
	}
	out := rewriteText(q)
	rewritten.Store(q, out)
	return out
}

func rewriteText(q string) string {
	r := pgRewriter{q: q}
	r.b.Grow(len(q) + 16)
	for i := 0; i < len(q); {
		i = r.step(i)
	}
	return r.b.String()
}

// pgRewriter is one rewritePG pass: the text so far and how many placeholders it numbered.
type pgRewriter struct {
	q string
	b strings.Builder
	n int
}

// step rewrites the piece of q starting at i and returns where the next piece starts.
func (r *pgRewriter) step(i int) int {
	q, c := r.q, r.q[i]
	j := i + 1
	switch {
	case c == '\'' || c == '"':
		j = closeQuote(q, i, string(c))
	case c == '$' && strings.HasPrefix(q[i:], "$$"):
		j = closeQuote(q, i+1, "$$")
	case c == '-' && strings.HasPrefix(q[i:], "--"):
		j = len(q)
		if k := strings.IndexByte(q[i:], '\n'); k >= 0 {
			j = i + k
		}
	case c == '?':
		return r.placeholder(i)
	case isIdentByte(c):
		return r.word(i)
	}
	r.b.WriteString(q[i:j])
	return j
}

// placeholder numbers a bare ? and keeps a ?NNN, which names its argument as $NNN does.
func (r *pgRewriter) placeholder(i int) int {
	i++
	j := i
	for j < len(r.q) && r.q[j] >= '0' && r.q[j] <= '9' {
		j++
	}
	if j > i {
		r.b.WriteString("$" + r.q[i:j])
		return j
	}
	r.n++
	r.b.WriteString("$" + strconv.Itoa(r.n))
	return i
}

// word copies an identifier, renaming a SQLite function PostgreSQL spells differently.
func (r *pgRewriter) word(i int) int {
	j := i
	for j < len(r.q) && isIdentByte(r.q[j]) {
		j++
	}
	word := r.q[i:j]
	if to, ok := pgRenames[strings.ToLower(word)]; ok && j < len(r.q) && r.q[j] == '(' {
		word = to
	}
	r.b.WriteString(word)
	return j
}

// closeQuote returns the index just past the quote that closes the one opening at i.
func closeQuote(q string, i int, quote string) int {
	j := strings.Index(q[i+1:], quote)
	if j < 0 {
		return len(q)
	}
	return i + 1 + j + len(quote)
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
