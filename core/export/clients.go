package export

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// rowSet says which list rows to export, keyed the way the Clients list keys them.
type rowSet struct {
	local map[int64]bool
	xpm   map[string]bool
	order []store.ClientRow
}

func newRowSet(rows []store.ClientRow) rowSet {
	rs := rowSet{local: map[int64]bool{}, xpm: map[string]bool{}, order: rows}
	for _, r := range rows {
		if r.Kind == store.KindLocal {
			rs.local[r.ID] = true
		} else {
			rs.xpm[r.XPMUUID] = true
		}
	}
	return rs
}

// exportClient is one client to write, whichever side it comes from.
type exportClient struct {
	row      store.ClientRow
	client   model.Client
	partner  string
	manager  string
	contacts []model.Contact
}

// load reads every exported client in the order of rows, in three queries whatever the count:
// a practice exports tens of thousands of clients at once.
func load(ctx context.Context, db *sql.DB, rows []store.ClientRow, withContacts bool) ([]exportClient, error) {
	rs := newRowSet(rows)
	locals := map[int64]*exportClient{}
	q, err := db.QueryContext(ctx, `SELECT c.id, c.data, COALESCE(p.name,''), COALESCE(m.name,'') FROM clients c
		LEFT JOIN staff p ON p.id = c.partner_staff_id LEFT JOIN staff m ON m.id = c.manager_staff_id`)
	if err != nil {
		return nil, fmt.Errorf("read clients: %w", err)
	}
	for q.Next() {
		var id int64
		var data, partner, manager string
		if err := q.Scan(&id, &data, &partner, &manager); err != nil {
			q.Close()
			return nil, fmt.Errorf("read clients: %w", err)
		}
		if !rs.local[id] {
			continue
		}
		ec := &exportClient{partner: partner, manager: manager}
		if err := json.Unmarshal([]byte(data), &ec.client); err != nil {
			q.Close()
			return nil, fmt.Errorf("decode client %d: %w", id, err)
		}
		locals[id] = ec
	}
	q.Close()
	if err := q.Err(); err != nil {
		return nil, fmt.Errorf("read clients: %w", err)
	}
	if withContacts {
		q, err := db.QueryContext(ctx, `SELECT cc.client_id, COALESCE(k.xpm_uuid,''), k.name, k.salutation, k.addressee, k.email, k.phone, k.mobile,
			cc.position, cc.is_primary FROM client_contacts cc JOIN contacts k ON k.id = cc.contact_id
			ORDER BY cc.client_id, cc.is_primary DESC, k.name COLLATE NOCASE, k.id`)
		if err != nil {
			return nil, fmt.Errorf("read contacts: %w", err)
		}
		for q.Next() {
			var id int64
			var k model.Contact
			if err := q.Scan(&id, &k.UUID, &k.Name, &k.Salutation, &k.Addressee, &k.Email, &k.Phone, &k.Mobile, &k.Position, &k.IsPrimary); err != nil {
				q.Close()
				return nil, fmt.Errorf("read contacts: %w", err)
			}
			if ec := locals[id]; ec != nil {
				ec.contacts = append(ec.contacts, k)
			}
		}
		q.Close()
		if err := q.Err(); err != nil {
			return nil, fmt.Errorf("read contacts: %w", err)
		}
	}
	remote := map[string]*exportClient{}
	if len(rs.xpm) > 0 {
		q, err := db.QueryContext(ctx, `SELECT uuid, data FROM xpm_clients`)
		if err != nil {
			return nil, fmt.Errorf("read XPM clients: %w", err)
		}
		for q.Next() {
			var uuid, data string
			if err := q.Scan(&uuid, &data); err != nil {
				q.Close()
				return nil, fmt.Errorf("read XPM clients: %w", err)
			}
			if !rs.xpm[uuid] {
				continue
			}
			ec := &exportClient{}
			if err := json.Unmarshal([]byte(data), &ec.client); err != nil {
				q.Close()
				return nil, fmt.Errorf("decode XPM client %s: %w", uuid, err)
			}
			ec.partner, ec.manager, ec.contacts = ec.client.AccountManager.Name, ec.client.JobManager.Name, ec.client.Contacts
			remote[uuid] = ec
		}
		q.Close()
		if err := q.Err(); err != nil {
			return nil, fmt.Errorf("read XPM clients: %w", err)
		}
	}
	out := make([]exportClient, 0, len(rows))
	for _, r := range rs.order {
		var ec *exportClient
		if r.Kind == store.KindLocal {
			ec = locals[r.ID]
		} else {
			ec = remote[r.XPMUUID]
		}
		if ec == nil {
			continue // removed since the list was shown
		}
		ec.row = r
		out = append(out, *ec)
	}
	return out, nil
}

func kindWords(r store.ClientRow) string {
	switch {
	case r.Kind == store.KindXPM:
		return "XPM only (not imported)"
	case r.Linked():
		return "Linked to XPM"
	}
	return "Local only"
}

func xpmState(r store.ClientRow) string {
	switch {
	case r.Deleted || r.Gone:
		return "deleted"
	case r.Archived:
		return "archived"
	}
	return ""
}

// Clients writes one line per row (in the given order) with every client field.
func Clients(ctx context.Context, st *store.Store, w io.Writer, rows []store.ClientRow) error {
	list, err := load(ctx, st.DB(), rows, false)
	if err != nil {
		return err
	}
	cw := NewWriter(w)
	head := []string{"Record", "XPM UUID"}
	for _, f := range model.ClientFields {
		head = append(head, f.Label)
	}
	head = append(head, "In XPM", "Needs review", "XPM link")
	if err := cw.Write(head...); err != nil {
		return err
	}
	for i := range list {
		ec := &list[i]
		line := []string{kindWords(ec.row), ec.row.XPMUUID}
		for _, f := range model.ClientFields {
			switch f.Key {
			case "AccountManager":
				line = append(line, ec.partner)
			case "JobManager":
				line = append(line, ec.manager)
			default:
				line = append(line, f.Get(&ec.client))
			}
		}
		line = append(line, xpmState(ec.row), ec.row.Review, ec.client.WebURL)
		if err := cw.Write(line...); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// Contacts writes one line per contact of each row's client (a contact shared by two exported
// clients appears under each, as the practice sees it on each client).
func Contacts(ctx context.Context, st *store.Store, w io.Writer, rows []store.ClientRow) error {
	list, err := load(ctx, st.DB(), rows, true)
	if err != nil {
		return err
	}
	cw := NewWriter(w)
	head := []string{"Client", "Client code", "Client XPM UUID"}
	for _, f := range model.ContactFields {
		head = append(head, f.Label)
	}
	head = append(head, "Position", "Primary", "Addressee", "Contact XPM UUID")
	if err := cw.Write(head...); err != nil {
		return err
	}
	for i := range list {
		ec := &list[i]
		for _, k := range ec.contacts {
			if k.IsDeleted {
				continue
			}
			line := []string{ec.client.Name, ec.client.ClientCode, ec.row.XPMUUID}
			for _, f := range model.ContactFields {
				line = append(line, f.Get(&k))
			}
			primary := "No"
			if k.IsPrimary {
				primary = "Yes"
			}
			line = append(line, k.Position, primary, k.Addressee, k.UUID)
			if err := cw.Write(line...); err != nil {
				return err
			}
		}
	}
	return cw.Flush()
}

// AllRows is every client the Clients list shows with no search or filter.
func AllRows(ctx context.Context, st *store.Store) ([]store.ClientRow, error) {
	rows, err := st.ClientRows(ctx, store.RowQuery{})
	if err != nil {
		return nil, fmt.Errorf("list clients: %w", err)
	}
	return rows, nil
}
