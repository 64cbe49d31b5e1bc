package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"xpmsync/core/model"
)

// RowKind tells a local client from an XPM client that has not been imported.
type RowKind string

const (
	// KindLocal is one of the practice's own clients (linked to XPM or not).
	KindLocal RowKind = "L"
	// KindXPM is an XPM client with no local record yet (seed 000: pickable, not auto-created).
	KindXPM RowKind = "X"
)

// ClientRow is one line of the Clients list: just what the list shows and filters on.
type ClientRow struct {
	Kind      RowKind
	ID        int64  // local client ID (KindLocal)
	XPMUUID   string // linked or XPM-only UUID
	Name      string
	Email     string
	Phone     string
	Code      string
	Review    string
	Archived  bool // in XPM
	Deleted   bool // in XPM
	Gone      bool // missing from XPM's last full list
	UpdatedAt time.Time
}

// Linked reports whether a local row is linked to XPM.
func (r ClientRow) Linked() bool { return r.Kind == KindLocal && r.XPMUUID != "" }

// RowFilter narrows the Clients list.
type RowFilter string

// Filters understood by ClientRows; screens may add their own on top.
const (
	FilterAll       RowFilter = ""
	FilterLocal     RowFilter = "local"
	FilterXPMOnly   RowFilter = "xpm"
	FilterLinked    RowFilter = "linked"
	FilterNotLinked RowFilter = "notlinked"
	FilterReview    RowFilter = "review"
	FilterArchived  RowFilter = "archived" // archived, deleted or gone in XPM
)

// RowQuery is a search of the Clients list.
type RowQuery struct {
	Text   string
	Filter RowFilter
	SortBy string // "name" (default) or "changed"
	Limit  int    // 0 = no limit
}

// ClientRows runs a Clients-list query. Text search uses the FTS5 index (prefix match on every word
// over name, email, phone, contact names and client code).
func (s *Store) ClientRows(ctx context.Context, q RowQuery) ([]ClientRow, error) {
	var args []any
	match := ftsQuery(q.Text)
	localWhere, xpmWhere := "1", "1"
	if match != "" {
		localWhere = `c.id IN (SELECT CAST(ref AS INTEGER) FROM client_search WHERE client_search MATCH ? AND kind = 'L')`
		xpmWhere = `x.uuid IN (SELECT ref FROM client_search WHERE client_search MATCH ? AND kind = 'X')`
	}
	local := `SELECT 'L', c.id, COALESCE(c.xpm_uuid,''), c.name, c.email, c.phone, c.client_code, c.review,
		COALESCE(x.is_archived,0), COALESCE(x.is_deleted,0), COALESCE(x.gone,0), c.updated_at
		FROM clients c LEFT JOIN xpm_clients x ON x.uuid = c.xpm_uuid WHERE ` + localWhere
	remote := `SELECT 'X', 0, x.uuid, x.name, x.email, x.phone, x.client_code, '', x.is_archived, x.is_deleted, x.gone, x.fetched_at
		FROM xpm_clients x WHERE NOT EXISTS (SELECT 1 FROM clients c WHERE c.xpm_uuid = x.uuid)
		AND x.is_deleted = 0 AND x.gone = 0 AND ` + xpmWhere
	var parts []string
	switch q.Filter {
	case FilterXPMOnly:
		parts = []string{remote}
	case FilterLocal:
		parts = []string{local}
	case FilterLinked:
		parts = []string{local + ` AND c.xpm_uuid IS NOT NULL`}
	case FilterNotLinked:
		parts = []string{local + ` AND c.xpm_uuid IS NULL`}
	case FilterReview:
		parts = []string{local + ` AND c.review <> ''`}
	case FilterArchived:
		parts = []string{local + ` AND (x.is_archived = 1 OR x.is_deleted = 1 OR x.gone = 1)`}
	default:
		parts = []string{local, remote}
	}
	for range parts {
		if match != "" {
			args = append(args, match)
		}
	}
	order := ` ORDER BY 4 COLLATE NOCASE, 2`
	if q.SortBy == "changed" {
		order = ` ORDER BY 12 DESC, 4 COLLATE NOCASE`
	}
	query := strings.Join(parts, " UNION ALL ") + order
	if q.Limit > 0 {
		query += " LIMIT " + strconv.Itoa(q.Limit)
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("search clients: %w", err)
	}
	defer rows.Close()
	var out []ClientRow
	for rows.Next() {
		var r ClientRow
		var kind, updated string
		if err := rows.Scan(&kind, &r.ID, &r.XPMUUID, &r.Name, &r.Email, &r.Phone, &r.Code, &r.Review,
			&r.Archived, &r.Deleted, &r.Gone, &updated); err != nil {
			return nil, err
		}
		r.Kind, r.UpdatedAt = RowKind(kind), parseTS(updated)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ftsQuery turns what the user typed into an FTS5 query: every word must match as a prefix.
// Punctuation is dropped so input like `o'brien` or `"` can never break the query syntax.
func ftsQuery(text string) string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	var b strings.Builder
	for _, w := range words {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(`"` + w + `"*`)
	}
	return b.String()
}

func contactText(cs []model.Contact) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.Name + " " + c.Email + " " + c.Mobile + " " + c.Phone + " ")
	}
	return b.String()
}

func (s *Store) indexXPMTx(ctx context.Context, tx *sql.Tx, c *model.Client) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM client_search WHERE kind='X' AND ref=?`, c.UUID); err != nil {
		return fmt.Errorf("index client %s: %w", c.UUID, err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO client_search(kind, ref, name, email, phone, contacts, code) VALUES('X',?,?,?,?,?,?)`,
		c.UUID, c.Name, c.Email, c.Phone, contactText(c.Contacts), c.ClientCode)
	if err != nil {
		return fmt.Errorf("index client %s: %w", c.UUID, err)
	}
	return nil
}

func (s *Store) reindexLocalTx(ctx context.Context, tx *sql.Tx, id int64) error {
	ref := strconv.FormatInt(id, 10)
	if _, err := tx.ExecContext(ctx, `DELETE FROM client_search WHERE kind='L' AND ref=?`, ref); err != nil {
		return fmt.Errorf("index client %d: %w", id, err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO client_search(kind, ref, name, email, phone, contacts, code)
		SELECT 'L', ?, c.name, c.email, c.phone,
		COALESCE((SELECT group_concat(k.name || ' ' || k.email || ' ' || k.mobile || ' ' || k.phone, ' ')
			FROM client_contacts cc JOIN contacts k ON k.id = cc.contact_id WHERE cc.client_id = c.id), ''),
		c.client_code FROM clients c WHERE c.id = ?`, ref, id)
	if err != nil {
		return fmt.Errorf("index client %d: %w", id, err)
	}
	return nil
}
