package store

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"xpmsync/core/model"
)

// ClientWriter saves local clients inside one transaction with statements prepared once
// (TxStmts) and writes their search-index entries together at Flush.
//
// The index waits because FTS5 writes its pending entries to disk as a new index segment at
// every SAVEPOINT: a sync that saves each client in its own savepoint and indexes it there
// writes one tiny segment per client and spends its time merging them. Entries queued since
// Mark are dropped by Rewind when the caller rolls a client back.
type ClientWriter struct {
	s       *Store
	q       *TxStmts
	pending []searchEntry
}

// searchEntry is one Clients-list row's text in the search index.
type searchEntry struct {
	kind                                    RowKind
	ref, name, email, phone, contacts, code string
}

// NewClientWriter writes local clients through q. Call Flush before the transaction commits.
func (s *Store) NewClientWriter(q *TxStmts) *ClientWriter { return &ClientWriter{s: s, q: q} }

// Insert adds a local client and its contacts and returns its ID; its index entry waits for Flush.
func (w *ClientWriter) Insert(ctx context.Context, lc *LocalClient) (int64, error) {
	return w.InsertJSON(ctx, lc, "")
}

// InsertJSON is Insert given LocalJSON(lc.Client) computed ahead ("": computed here), so a
// caller can encode on another goroutine than the one that writes.
func (w *ClientWriter) InsertJSON(ctx context.Context, lc *LocalClient, data string) (int64, error) {
	now := w.s.Now()
	lc.CreatedAt, lc.UpdatedAt, lc.Version = now, now, 1
	if data == "" {
		var err error
		if data, err = LocalJSON(lc.Client); err != nil {
			return 0, err
		}
	}
	var linkedAt any
	if lc.XPMUUID != "" {
		if lc.LinkedAt.IsZero() {
			lc.LinkedAt = now
		}
		linkedAt = ts(lc.LinkedAt)
	}
	var err error
	lc.ID, err = w.insertID(ctx, insertClient, insertClientReturning,
		lc.Client.Name, lc.Client.Email, lc.Client.Phone, lc.Client.ClientCode, data, nullString(lc.XPMUUID), lc.LinkHow, linkedAt,
		nullInt(lc.PartnerStaffID), nullInt(lc.ManagerStaffID), lc.Review, ts(now), ts(now))
	if err != nil {
		return 0, fmt.Errorf("add client %q: %w", lc.Client.Name, err)
	}
	text, err := w.setContacts(ctx, lc.ID, lc.Client.Contacts, true)
	if err != nil {
		return 0, err
	}
	w.queueLocal(lc, text)
	return lc.ID, nil
}

// Update rewrites a local client's fields and contacts; its index entry waits for Flush.
func (w *ClientWriter) Update(ctx context.Context, lc *LocalClient) error {
	return w.update(ctx, lc, 0)
}

// errStale is an update of a row that is no longer at the version it was read at.
var errStale = errors.New("stale client version")

// update is Update; seen > 0 writes only while the row is still at that version (errStale
// otherwise). Every update moves the version on and lc takes the new one.
func (w *ClientWriter) update(ctx context.Context, lc *LocalClient, seen int64) error {
	updated := w.s.Now()
	data, err := LocalJSON(lc.Client)
	if err != nil {
		return err
	}
	var linkedAt any
	if lc.XPMUUID != "" && !lc.LinkedAt.IsZero() {
		linkedAt = ts(lc.LinkedAt)
	}
	var version int64
	err = w.q.QueryRowContext(ctx, `UPDATE clients SET name=?, email=?, phone=?, client_code=?, data=?, xpm_uuid=?, link_how=?,
		linked_at=?, partner_staff_id=?, manager_staff_id=?, review=?, updated_at=?, version=version+1
		WHERE id=? AND (?=0 OR version=?) RETURNING version`,
		lc.Client.Name, lc.Client.Email, lc.Client.Phone, lc.Client.ClientCode, data, nullString(lc.XPMUUID), lc.LinkHow,
		linkedAt, nullInt(lc.PartnerStaffID), nullInt(lc.ManagerStaffID), lc.Review, ts(updated), lc.ID, seen, seen).Scan(&version)
	switch {
	case errors.Is(err, sql.ErrNoRows) && seen > 0:
		return fmt.Errorf("save client %d: %w", lc.ID, errStale)
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("save client %d: %w", lc.ID, ErrNotFound)
	case err != nil:
		return fmt.Errorf("save client %q: %w", lc.Client.Name, err)
	}
	lc.UpdatedAt, lc.Version = updated, version
	text, err := w.setContacts(ctx, lc.ID, lc.Client.Contacts, false)
	if err != nil {
		return err
	}
	w.queueLocal(lc, text)
	return nil
}

// Mark is a point Rewind can return to.
func (w *ClientWriter) Mark() int { return len(w.pending) }

// Rewind drops the index entries queued since mark (their clients were rolled back).
func (w *ClientWriter) Rewind(mark int) { w.pending = w.pending[:mark] }

// Flush writes the queued index entries. Call it after the batch's last SAVEPOINT.
//
// It finds or creates the batch's index keys first (two statements per kind of row), then
// removes the entries being replaced in one statement, then adds the new entries: a statement
// that needs a statement journal makes FTS5 flush its pending entries, so one per entry, in
// between the entries, would flush per client.
func (w *ClientWriter) Flush(ctx context.Context) error {
	ids, replaced, err := w.indexKeys(ctx)
	if err != nil {
		return err
	}
	if len(replaced) > 0 {
		list, _ := json.Marshal(replaced)
		if _, err := w.q.ExecContext(ctx, `DELETE FROM client_search WHERE rowid IN (SELECT CAST(value AS INTEGER) FROM json_each(?))`, string(list)); err != nil {
			return fmt.Errorf("index clients: %w", err)
		}
	}
	for i := range w.pending {
		e := &w.pending[i]
		if ids[i] == 0 {
			continue
		}
		if _, err := w.q.ExecContext(ctx, `INSERT INTO client_search(rowid, kind, ref, name, email, phone, contacts, code) VALUES(?,?,?,?,?,?,?,?)`,
			ids[i], string(e.kind), e.ref, e.name, e.email, e.phone, e.contacts, e.code); err != nil {
			return fmt.Errorf("index client %s: %w", e.ref, err)
		}
	}
	w.pending = w.pending[:0]
	return nil
}

// indexKeys finds or creates the index key of each pending entry (0 for an entry a later one
// of the same row replaces: a client saved twice in a batch is indexed once, as saved last),
// and lists the keys whose old entries are being replaced.
func (w *ClientWriter) indexKeys(ctx context.Context) (ids, replaced []int64, err error) {
	type key struct {
		kind RowKind
		ref  string
	}
	last := make(map[key]int, len(w.pending))
	var kinds []RowKind
	for i := range w.pending {
		last[key{w.pending[i].kind, w.pending[i].ref}] = i
		if !slices.Contains(kinds, w.pending[i].kind) {
			kinds = append(kinds, w.pending[i].kind)
		}
	}
	isLast := func(i int) bool { return last[key{w.pending[i].kind, w.pending[i].ref}] == i }
	ids = make([]int64, len(w.pending))
	for _, kind := range kinds {
		var refs []string
		for i := range w.pending {
			if w.pending[i].kind == kind && isLast(i) {
				refs = append(refs, w.pending[i].ref)
			}
		}
		have, existed, err := searchRefs(ctx, w.q, kind, refs)
		if err != nil {
			return nil, nil, err
		}
		replaced = append(replaced, existed...)
		for i := range w.pending {
			if w.pending[i].kind == kind && isLast(i) {
				ids[i] = have[w.pending[i].ref]
			}
		}
	}
	return ids, replaced, nil
}

func (w *ClientWriter) queueLocal(lc *LocalClient, contacts string) {
	w.pending = append(w.pending, searchEntry{kind: KindLocal, ref: strconv.FormatInt(lc.ID, 10), name: lc.Client.Name,
		email: lc.Client.Email, phone: lc.Client.Phone, contacts: contacts, code: lc.Client.ClientCode})
}

// setContacts makes the client's contact list equal to cs (see SetClientContactsTx) and returns
// the contacts' search text. fresh = the client was inserted in this transaction, so it has no
// contacts to clear.
func (w *ClientWriter) setContacts(ctx context.Context, clientID int64, cs []model.Contact, fresh bool) (string, error) {
	now := ts(w.s.Now())
	if !fresh {
		// Drop this client's private (unlinked) contacts; they are rewritten below.
		if _, err := w.q.ExecContext(ctx, `DELETE FROM contacts WHERE xpm_uuid IS NULL AND id IN
			(SELECT contact_id FROM client_contacts WHERE client_id = ?)`, clientID); err != nil {
			return "", fmt.Errorf("clear contacts of client %d: %w", clientID, err)
		}
		if _, err := w.q.ExecContext(ctx, `DELETE FROM client_contacts WHERE client_id = ?`, clientID); err != nil {
			return "", fmt.Errorf("clear contact links of client %d: %w", clientID, err)
		}
	}
	// The text is what the index held when it was read back from the tables: each linked
	// contact once, with the values written last, in contact-ID order.
	type linked struct {
		id int64
		c  *model.Contact
	}
	var links []linked
	for i := range cs {
		c := &cs[i]
		if c.IsDeleted {
			continue
		}
		// A contact with an XPM UUID is one shared row (a clash updates it); one without is
		// this client's own, always new (a NULL never clashes).
		contactID, err := w.saveContact(ctx, c, now)
		if err != nil {
			return "", fmt.Errorf("save contact %q: %w", c.Name, err)
		}
		if _, err := w.q.ExecContext(ctx, `INSERT INTO client_contacts(client_id, contact_id, position, is_primary) VALUES(?,?,?,?)
			ON CONFLICT(client_id, contact_id) DO UPDATE SET position=excluded.position, is_primary=excluded.is_primary`,
			clientID, contactID, c.Position, b2i(c.IsPrimary)); err != nil {
			return "", fmt.Errorf("link contact %q: %w", c.Name, err)
		}
		if j := slices.IndexFunc(links, func(l linked) bool { return l.id == contactID }); j >= 0 {
			links[j].c = c
		} else {
			links = append(links, linked{contactID, c})
		}
	}
	slices.SortFunc(links, func(a, b linked) int { return cmp.Compare(a.id, b.id) })
	var b strings.Builder
	for i, l := range links {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(l.c.Name + " " + l.c.Email + " " + l.c.Mobile + " " + l.c.Phone)
	}
	return b.String(), nil
}

// insertClient adds one local client; insertClientReturning also returns its ID.
const (
	insertClient = `INSERT INTO clients(name, email, phone, client_code, data, xpm_uuid, link_how, linked_at,
		partner_staff_id, manager_staff_id, review, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)`
	insertClientReturning = insertClient + ` RETURNING id`
)

// A contact with an XPM UUID is one shared row: saving it again updates it (upsertContact).
const (
	insertContact = `INSERT INTO contacts(xpm_uuid, name, salutation, addressee, email, phone, mobile, updated_at, local_key)
			VALUES(?,?,?,?,?,?,?,?,?)`
	insertNewContact = insertContact + ` ON CONFLICT(xpm_uuid) DO NOTHING`
	upsertContact    = insertContact + ` ON CONFLICT(xpm_uuid) DO UPDATE SET name=excluded.name, salutation=excluded.salutation,
			addressee=excluded.addressee, email=excluded.email, phone=excluded.phone, mobile=excluded.mobile, updated_at=excluded.updated_at,
			local_key=COALESCE(excluded.local_key, contacts.local_key)
			RETURNING id`
)

// insertID adds one row with insert (or, on PostgreSQL, returning: insert with RETURNING id)
// and returns its ID. SQLite answers RETURNING through a temporary table it builds and drops
// for every statement, which in a full sync cost more than many of the rows; the ID of the
// row just inserted it knows anyway. PostgreSQL's driver reports no such ID.
func (w *ClientWriter) insertID(ctx context.Context, insert, returning string, args ...any) (int64, error) {
	if w.s.d == postgresDialect {
		var id int64
		err := w.q.QueryRowContext(ctx, returning, args...).Scan(&id)
		return id, err
	}
	res, err := w.q.ExecContext(ctx, insert, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// saveContact adds c, or updates the shared contact with its XPM UUID, and returns its ID.
// On SQLite a new contact (the usual case) is a plain insert (see insertID).
func (w *ClientWriter) saveContact(ctx context.Context, c *model.Contact, now string) (int64, error) {
	args := []any{nullString(c.UUID), c.Name, c.Salutation, c.Addressee, c.Email, c.Phone, c.Mobile, now, nullString(c.LocalKey)}
	if w.s.d != postgresDialect {
		res, err := w.q.ExecContext(ctx, insertNewContact, args...)
		if err != nil {
			return 0, err
		}
		if n, err := res.RowsAffected(); err == nil && n == 1 {
			return res.LastInsertId()
		}
	}
	var id int64
	err := w.q.QueryRowContext(ctx, upsertContact, args...).Scan(&id)
	return id, err
}

// queueXPM queues the search-index entry of a mirrored XPM client.
func (w *ClientWriter) queueXPM(c *model.Client) {
	w.pending = append(w.pending, searchEntry{kind: KindXPM, ref: c.UUID, name: c.Name, email: c.Email, phone: c.Phone,
		contacts: contactText(c.Contacts), code: c.ClientCode})
}

// searchRefs returns the index rowid of each list row of one kind (refs without repeats),
// creating the missing ones, and the rowids that existed already (their entries are replaced).
func searchRefs(ctx context.Context, q *TxStmts, kind RowKind, refs []string) (ids map[string]int64, existed []int64, err error) {
	ids = make(map[string]int64, len(refs))
	read := func(rows *sql.Rows, err error) error {
		if err != nil {
			return fmt.Errorf("index keys: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var ref string
			var id int64
			if err := rows.Scan(&ref, &id); err != nil {
				return fmt.Errorf("index keys: %w", err)
			}
			ids[ref] = id
		}
		return rows.Err()
	}
	list, _ := json.Marshal(refs) // strings always encode
	if err := read(q.QueryContext(ctx, `SELECT ref, id FROM search_refs WHERE kind = ? AND ref IN (SELECT value FROM json_each(?))`,
		string(kind), string(list))); err != nil {
		return nil, nil, err
	}
	var missing []string
	for _, r := range refs {
		if id, ok := ids[r]; ok {
			existed = append(existed, id)
		} else {
			missing = append(missing, r)
		}
	}
	if len(missing) == 0 {
		return ids, existed, nil
	}
	list, _ = json.Marshal(missing)
	if err := read(q.QueryContext(ctx, `INSERT INTO search_refs(kind, ref) SELECT ?, value FROM json_each(?) RETURNING ref, id`,
		string(kind), string(list))); err != nil {
		return nil, nil, err
	}
	if len(ids) != len(refs) {
		return nil, nil, fmt.Errorf("index keys: %d of %d rows have one", len(ids), len(refs))
	}
	return ids, existed, nil
}

// XPMClientJSON is the form the mirror keeps c in (see ClientWriter.UpsertXPMClientsJSON).
func XPMClientJSON(c *model.Client) (string, error) {
	data, err := encodeJSON(c)
	if err != nil {
		return "", fmt.Errorf("encode client %s: %w", c.UUID, err)
	}
	return data, nil
}

// XPMAndLocalJSON is XPMClientJSON(c) and LocalJSON(*c) from one encoding of the client:
// the two differ only in the contacts, which the local form leaves out ("Contacts":null).
func XPMAndLocalJSON(c *model.Client) (mirror, local string, err error) {
	if local, err = LocalJSON(*c); err != nil {
		return "", "", err
	}
	// Inside a JSON string a quote is always escaped, so this is the field itself; a second
	// one (a nested type gaining a Contacts field) falls back to encoding the whole client.
	const field = `,"Contacts":null,`
	i := strings.Index(local, field)
	if i < 0 || strings.Contains(local[i+len(field):], field) {
		mirror, err = XPMClientJSON(c)
		return mirror, local, err
	}
	contacts, err := encodeJSON(c.Contacts)
	if err != nil {
		return "", "", fmt.Errorf("encode client %s: %w", c.UUID, err)
	}
	return local[:i] + `,"Contacts":` + contacts + local[i+len(field)-1:], local, nil
}

// LocalJSON is the form a local client is kept in: without its contacts, which live in their
// own tables, where a contact shared by several clients is one row.
func LocalJSON(c model.Client) (string, error) {
	c.Contacts = nil
	data, err := encodeJSON(&c)
	if err != nil {
		return "", fmt.Errorf("encode client %q: %w", c.Name, err)
	}
	return data, nil
}

// jsonBufs hold encoding buffers between calls: a full sync encodes tens of thousands of
// records, and json.Marshal's result would be copied once more into the string stored.
var jsonBufs = sync.Pool{New: func() any { return new(jsonBuf) }}

type jsonBuf struct {
	b   bytes.Buffer
	enc *json.Encoder
}

// encodeJSON returns exactly json.Marshal(v) as a string.
func encodeJSON(v any) (string, error) {
	j := jsonBufs.Get().(*jsonBuf)
	defer jsonBufs.Put(j)
	if j.enc == nil {
		j.enc = json.NewEncoder(&j.b) // escapes HTML as json.Marshal does
	}
	j.b.Reset()
	if err := j.enc.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimSuffix(j.b.Bytes(), []byte("\n"))), nil // Encode ends with a newline
}

// SetBaselineQ is SetBaselineTx with the map encoded without reflection: a full sync saves a
// baseline per client, and encoding/json's map encoder cost more than the insert. The text
// stored is the same, byte for byte.
func (s *Store) SetBaselineQ(ctx context.Context, q Queryer, clientID int64, vals map[string]string) error {
	return s.SetBaselineJSON(ctx, q, clientID, BaselineJSON(vals))
}

// BaselineJSON is the form a baseline is kept in, so a caller can encode it on another
// goroutine than the one that writes (see SetBaselineJSON).
func BaselineJSON(vals map[string]string) string { return encodeStringMap(vals) }

// SetBaselineJSON is SetBaselineQ given BaselineJSON(vals).
func (s *Store) SetBaselineJSON(ctx context.Context, q Queryer, clientID int64, data string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO client_baselines(client_id, data, synced_at) VALUES(?,?,?)
		ON CONFLICT(client_id) DO UPDATE SET data=excluded.data, synced_at=excluded.synced_at`, clientID, data, ts(s.Now()))
	if err != nil {
		return fmt.Errorf("save baseline of client %d: %w", clientID, err)
	}
	return nil
}

// encodeStringMap returns exactly json.Marshal(m) as a string.
func encodeStringMap(m map[string]string) string {
	if m == nil {
		return "null"
	}
	j := jsonBufs.Get().(*jsonBuf)
	defer jsonBufs.Put(j)
	j.b.Reset()
	j.b.WriteByte('{')
	for i, k := range slices.Sorted(maps.Keys(m)) { // encoding/json sorts keys the same way
		if i > 0 {
			j.b.WriteByte(',')
		}
		writeJSONString(&j.b, k)
		j.b.WriteByte(':')
		writeJSONString(&j.b, m[k])
	}
	j.b.WriteByte('}')
	return j.b.String()
}

// writeJSONString writes s as encoding/json does: plain printable ASCII as it is, anything it
// would escape (quotes, controls, HTML characters, non-ASCII) through encoding/json itself.
func writeJSONString(b *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always encodes
			b.Write(q)
			return
		}
	}
	b.WriteByte('"')
	b.WriteString(s)
	b.WriteByte('"')
}
