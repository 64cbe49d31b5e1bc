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
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := closeQuote(q, i, string(c))
			b.WriteString(q[i:j])
			i = j
		case c == '$' && strings.HasPrefix(q[i:], "$$"):
			j := closeQuote(q, i+1, "$$")
			b.WriteString(q[i:j])
			i = j
		case c == '-' && strings.HasPrefix(q[i:], "--"):
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j
		case c == '?':
			i++
			j := i
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			if j > i { // ?NNN names its argument, as $NNN does
				b.WriteString("$" + q[i:j])
				i = j
				continue
			}
			n++
			b.WriteString("$" + strconv.Itoa(n))
		case isIdentByte(c):
			j := i
			for j < len(q) && isIdentByte(q[j]) {
				j++
			}
			word := q[i:j]
			if to, ok := pgRenames[strings.ToLower(word)]; ok && j < len(q) && q[j] == '(' {
				word = to
			}
			b.WriteString(word)
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
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
