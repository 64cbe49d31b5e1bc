package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"xpmsync/core/model"
)

// FieldJSONPath is where a model.ClientFields key lives in the stored client JSON, so SQL can
// compare a local client with its XPM mirror field by field.
func FieldJSONPath(key string) string {
	switch key {
	case "BusinessStructure", "BusinessNumber", "CompanyNumber", "GSTRegistered":
		return "$.Tax." + key
	case "AccountManager", "JobManager":
		return "$." + key + ".UUID"
	}
	return "$." + key
}

// diffSQL is true for a linked local client c whose XPM mirror x differs in any client field,
// the same rule as the Clients tab's red fields: a Partner/Manager counts only between team
// members linked to XPM staff (an unlinked staff member is the Staff Linking tab's business).
var diffSQL = func() string {
	var parts []string
	for _, f := range model.ClientFields {
		p := FieldJSONPath(f.Key)
		if f.Class == model.ClassStaffRole {
			col := "c.partner_staff_id"
			if f.Key == "JobManager" {
				col = "c.manager_staff_id"
			}
			parts = append(parts, fmt.Sprintf(`COALESCE((SELECT s.xpm_uuid FROM staff s WHERE s.id = %s),'') <>
				COALESCE((SELECT s.xpm_uuid FROM staff s WHERE s.xpm_uuid = json_extract(x.data,'%s')),'')`, col, p))
			continue
		}
		parts = append(parts, fmt.Sprintf(`COALESCE(json_extract(c.data,'%[1]s'),'') <> COALESCE(json_extract(x.data,'%[1]s'),'')`, p))
	}
	return "(x.uuid IS NOT NULL AND (" + strings.Join(parts, " OR ") + "))"
}()

// needsLookSQL is true for a local client c that needs a look: flagged by a sync (conflict,
// deleted, archived, merged, gone, invalid) or differing from XPM in a field the client's detail
// shows in red. linking.Detail.NeedsALook is the same rule for one client; a test holds them equal.
var needsLookSQL = "(c.review <> '' OR " + diffSQL + ")"

// clientPart is one side of the list query (local rows or XPM-only rows) being built.
type clientPart struct {
	sql   string
	where []string
	args  []any
	off   bool
}

func (p *clientPart) add(cond string, args ...any) {
	p.where = append(p.where, cond)
	p.args = append(p.args, args...)
}

// ClientRows runs a Clients-list query. Text search uses the FTS5 index (prefix match on every word
// over name, email, phone, contact names and client code).
func (s *Store) ClientRows(ctx context.Context, q RowQuery) ([]ClientRow, error) {
	query, args := s.d.rowQuerySQL(q, "")
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

// ClientRowKeys runs a Clients-list query returning only which rows match, in order. The list
// asks for the rows it shows with ClientRowsByKeys, so a keystroke never reads 50,000 rows.
func (s *Store) ClientRowKeys(ctx context.Context, q RowQuery) ([]RowKey, error) {
	l, err := s.ClientList(ctx, q)
	return l.Keys, err
}

// ClientList runs a Clients-list query (the Clients tab runs it without Text, then narrows it
// by what is typed).
func (s *Store) ClientList(ctx context.Context, q RowQuery) (ClientList, error) {
	var l ClientList
	query, args := s.d.rowQuerySQL(q, keyCols)
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return l, fmt.Errorf("search clients: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k RowKey
		var kind string
		var sid int64
		if err := rows.Scan(&kind, &k.ID, &k.XPMUUID, &sid); err != nil {
			return l, err
		}
		k.Kind = RowKind(kind)
		l.Keys = append(l.Keys, k)
		l.SearchIDs = append(l.SearchIDs, sid)
	}
	return l, rows.Err()
}

// NarrowList keeps the rows of l whose name, email, phone, contacts or client code match text
// (every word as a prefix), in l's order. This is one search-as-you-type keystroke: one read
// of the search index, however many clients match.
func (s *Store) NarrowList(ctx context.Context, l ClientList, text string) ([]RowKey, error) {
	match := s.d.searchArg(text)
	if match == "" {
		return l.Keys, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT rowid FROM client_search WHERE `+s.d.match(""), match)
	if err != nil {
		return nil, fmt.Errorf("search clients: %w", err)
	}
	// A bit per index key, not a map: a first letter matches most of 50,000 clients, and a
	// map's inserts and look-ups were a quarter of such a keystroke's time.
	var top int64
	for _, sid := range l.SearchIDs {
		top = max(top, sid)
	}
	hit := make([]uint64, top/64+1)
	n := 0
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		if id >= 0 && id <= top {
			hit[id/64] |= 1 << (id % 64)
			n++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search clients: %w", err)
	}
	out := make([]RowKey, 0, min(n, len(l.Keys)))
	for i, sid := range l.SearchIDs {
		if sid >= 0 && hit[sid/64]&(1<<(sid%64)) != 0 {
			out = append(out, l.Keys[i])
		}
	}
	return out, nil
}

// ClientRowsByKeys reads the list rows of keys, in the order given; a key whose client has gone
// since the list was made is left out.
func (s *Store) ClientRowsByKeys(ctx context.Context, keys []RowKey) ([]ClientRow, error) {
	var ids, uuids []string
	for _, k := range keys {
		if k.Kind == KindLocal {
			ids = append(ids, strconv.FormatInt(k.ID, 10))
		} else {
			uuids = append(uuids, k.XPMUUID)
		}
	}
	got := map[RowKey]ClientRow{}
	read := func(query string, args ...any) error {
		rows, err := s.db.QueryContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("read clients: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var r ClientRow
			var kind, updated string
			if err := rows.Scan(&kind, &r.ID, &r.XPMUUID, &r.Name, &r.Email, &r.Phone, &r.Code, &r.Review,
				&r.Archived, &r.Deleted, &r.Gone, &updated, &r.Differs); err != nil {
				return err
			}
			r.Kind, r.UpdatedAt = RowKind(kind), parseTS(updated)
			got[r.Key()] = r
		}
		return rows.Err()
	}
	if len(ids) > 0 {
		// Only a page of rows is read here, so each can say whether it differs from XPM.
		q := strings.Replace(localRowSQL, " AS changed", " AS changed, "+diffSQL, 1)
		if err := read(q + ` WHERE c.id IN (` + strings.Join(ids, ",") + `)`); err != nil {
			return nil, err
		}
	}
	if len(uuids) > 0 {
		args := make([]any, len(uuids))
		for i, u := range uuids {
			args[i] = u
		}
		if err := read(strings.Replace(remoteRowSQL, " AS changed", " AS changed, 0", 1)+` WHERE x.uuid IN (`+strings.TrimSuffix(strings.Repeat("?,", len(uuids)), ",")+`)`, args...); err != nil {
			return nil, err
		}
	}
	out := make([]ClientRow, 0, len(keys))
	for _, k := range keys {
		if r, ok := got[k]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

const localRowSQL = `SELECT 'L' AS k, c.id AS id, COALESCE(c.xpm_uuid,'') AS uuid, c.name AS name, c.email, c.phone, c.client_code, c.review,
		COALESCE(x.is_archived,0), COALESCE(x.is_deleted,0), COALESCE(x.gone,0), c.updated_at AS changed
		FROM clients c LEFT JOIN xpm_clients x ON x.uuid = c.xpm_uuid`

// The keys-only selects read no more than ordering needs: a broad keystroke matches thousands.
const (
	keyCols     = "keys"
	localKeySQL = `SELECT 'L' AS k, c.id AS id, '' AS uuid, c.name AS name, c.updated_at AS changed,
		(SELECT sr.id FROM search_refs sr WHERE sr.kind = 'L' AND sr.ref = CAST(c.id AS TEXT)) AS sid
		FROM clients c LEFT JOIN xpm_clients x ON x.uuid = c.xpm_uuid`
	remoteKeySQL = `SELECT 'X' AS k, 0 AS id, x.uuid AS uuid, x.name AS name, x.fetched_at AS changed,
		(SELECT sr.id FROM search_refs sr WHERE sr.kind = 'X' AND sr.ref = x.uuid) AS sid FROM xpm_clients x`
)

const remoteRowSQL = `SELECT 'X' AS k, 0 AS id, x.uuid AS uuid, x.name AS name, x.email, x.phone, x.client_code, '', x.is_archived, x.is_deleted, x.gone, x.fetched_at AS changed
		FROM xpm_clients x`

// rowQuerySQL builds the list query: whole rows, or only keys when cols is keyCols.
func (d dialect) rowQuerySQL(q RowQuery, cols string) (string, []any) {
	local := &clientPart{sql: localRowSQL}
	remote := &clientPart{sql: remoteRowSQL}
	if cols == keyCols {
		local.sql, remote.sql = localKeySQL, remoteKeySQL
	}
	remote.add(`NOT EXISTS (SELECT 1 FROM clients c WHERE c.xpm_uuid = x.uuid) AND x.is_deleted = 0 AND x.gone = 0`)
	if match := d.searchArg(q.Text); match != "" {
		// Driven from the index: the matches are looked up by key instead of every client
		// being tested against the set of matches.
		local.sql = strings.Replace(local.sql, "FROM clients c", `FROM client_search s JOIN search_refs r ON r.id = s.rowid
			JOIN clients c ON c.id = CAST(r.ref AS INTEGER)`, 1)
		local.add(d.match("s")+` AND r.kind = 'L'`, match)
		remote.sql = strings.Replace(remote.sql, "FROM xpm_clients x", `FROM client_search s JOIN search_refs r ON r.id = s.rowid
			JOIN xpm_clients x ON x.uuid = r.ref`, 1)
		remote.add(d.match("s")+` AND r.kind = 'X'`, match)
	}
	filterParts(q.Filter, local, remote)
	narrowParts(q, local, remote)
	parts, args := unionParts(local, remote)
	changeCol := 0
	if q.SortBy == "changed" {
		changeCol = 5
		if cols != keyCols {
			changeCol = 12
		}
	}
	query := d.orderRows(strings.Join(parts, " UNION ALL "), changeCol)
	if cols == keyCols {
		query = `SELECT k, id, uuid, COALESCE(sid, 0) FROM (` + query + `) AS q`
	}
	if q.Limit > 0 {
		query += " LIMIT " + strconv.Itoa(q.Limit)
	}
	return query, args
}

// filterParts applies the list's filter to the local and XPM-only halves of the list.
func filterParts(f RowFilter, local, remote *clientPart) {
	switch f {
	case FilterXPMOnly:
		local.off = true
	case FilterLocal:
		remote.off = true
	case FilterLinked:
		local.add(`c.xpm_uuid IS NOT NULL`)
		remote.off = true
	case FilterNotLinked:
		local.add(`c.xpm_uuid IS NULL`)
		remote.off = true
	case FilterDifferences:
		local.add(diffSQL)
		remote.off = true
	case FilterConflict:
		local.add(`c.review = 'conflict'`)
		remote.off = true
	case FilterInvalid:
		local.add(`(c.review = 'invalid' OR EXISTS (SELECT 1 FROM sync_issues i WHERE i.client_uuid = c.xpm_uuid))`)
		remote.add(`EXISTS (SELECT 1 FROM sync_issues i WHERE i.client_uuid = x.uuid)`)
	case FilterReview:
		local.add(needsLookSQL)
		remote.off = true
	case FilterArchived:
		local.add(`(x.is_archived = 1 OR x.is_deleted = 1 OR x.gone = 1)`)
		remote.add(`x.is_archived = 1`)
	}
}

// narrowParts applies the partner, manager and group filters.
func narrowParts(q RowQuery, local, remote *clientPart) {
	if q.PartnerID != 0 {
		local.add(`c.partner_staff_id = ?`, q.PartnerID)
		remote.add(`json_extract(x.data,'$.AccountManager.UUID') = (SELECT xpm_uuid FROM staff WHERE id = ?)`, q.PartnerID)
	}
	if q.ManagerID != 0 {
		local.add(`c.manager_staff_id = ?`, q.ManagerID)
		remote.add(`json_extract(x.data,'$.JobManager.UUID') = (SELECT xpm_uuid FROM staff WHERE id = ?)`, q.ManagerID)
	}
	if g := strings.TrimSpace(q.Group); g != "" {
		local.add(`(EXISTS (SELECT 1 FROM json_each(c.data,'$.Groups') j WHERE json_extract(j.value,'$.Name') = ? COLLATE NOCASE)
			OR EXISTS (SELECT 1 FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.client_id = c.id AND g.name = ? COLLATE NOCASE))`, g, g)
		remote.add(`EXISTS (SELECT 1 FROM json_each(x.data,'$.Groups') j WHERE json_extract(j.value,'$.Name') = ? COLLATE NOCASE)`, g)
	}
}

// unionParts is the SQL of each half still in the list, with its arguments.
func unionParts(halves ...*clientPart) (parts []string, args []any) {
	for _, p := range halves {
		if p.off {
			continue
		}
		sql := p.sql
		if len(p.where) > 0 {
			sql += " WHERE " + strings.Join(p.where, " AND ")
		}
		parts = append(parts, sql)
		args = append(args, p.args...)
	}
	return parts, args
}

// ClientFilterChoices lists what the partner, manager and group filters can offer.
func (s *Store) ClientFilterChoices(ctx context.Context) (FilterChoices, error) {
	var fc FilterChoices
	for _, col := range []string{"partner_staff_id", "manager_staff_id"} {
		ms, err := s.membersWhere(ctx, s.db, `WHERE id IN (SELECT `+col+` FROM clients WHERE `+col+` IS NOT NULL) ORDER BY name COLLATE NOCASE`)
		if err != nil {
			return fc, err
		}
		if col == "partner_staff_id" {
			fc.Partners = ms
		} else {
			fc.Managers = ms
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT g FROM (SELECT name AS g FROM groups
		UNION SELECT json_extract(j.value,'$.Name') FROM clients c, json_each(c.data,'$.Groups') j
		UNION SELECT json_extract(j.value,'$.Name') FROM xpm_clients x, json_each(x.data,'$.Groups') j) AS u
		ORDER BY g COLLATE NOCASE`)
	if err != nil {
		return fc, fmt.Errorf("list client groups: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var g sql.NullString
		if err := rows.Scan(&g); err != nil {
			return fc, err
		}
		if g.String != "" {
			fc.Groups = append(fc.Groups, g.String)
		}
	}
	return fc, rows.Err()
}

func contactText(cs []model.Contact) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.Name + " " + c.Email + " " + c.Mobile + " " + c.Phone + " ")
	}
	return b.String()
}

// searchRowTx returns the index rowid of one list row, creating it on first use; replacing a
// row by rowid is a key lookup where a delete by ref would scan the whole index.
func searchRowTx(ctx context.Context, tx *sql.Tx, kind RowKind, ref string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO search_refs(kind, ref) VALUES(?,?)
		ON CONFLICT(kind, ref) DO UPDATE SET ref = excluded.ref RETURNING id`, string(kind), ref).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("index key of %s %s: %w", kind, ref, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM client_search WHERE rowid = ?`, id); err != nil {
		return 0, fmt.Errorf("index client %s: %w", ref, err)
	}
	return id, nil
}

func (s *Store) reindexLocalTx(ctx context.Context, tx *sql.Tx, id int64) error {
	ref := strconv.FormatInt(id, 10)
	rowid, err := searchRowTx(ctx, tx, KindLocal, ref)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO client_search(rowid, kind, ref, name, email, phone, contacts, code)
		SELECT ?, 'L', ?, c.name, c.email, c.phone,
		COALESCE((SELECT group_concat(k.name || ' ' || k.email || ' ' || k.mobile || ' ' || k.phone, ' ')
			FROM client_contacts cc JOIN contacts k ON k.id = cc.contact_id WHERE cc.client_id = c.id), ''),
		c.client_code FROM clients c WHERE c.id = ?`, rowid, ref, id)
	if err != nil {
		return fmt.Errorf("index client %d: %w", id, err)
	}
	return nil
}
