package health

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"xpmsync/core/store"
)

// loadLocal reads the local clients, the archived flag of the XPM client each is linked to,
// and their contacts. Each table is read start to end on its own and the rows are joined here:
// a join in SQL looks every client up in the cache and in XPM's list at random, page by page,
// which costs several times more than three straight reads.
func loadLocal(ctx context.Context, db *sql.DB, q sqlOf, d *Data, staff staffNames) error {
	archived, err := archivedXPM(ctx, db, q)
	if err != nil {
		return err
	}
	byID, refs, err := loadLocalCache(ctx, db, d)
	if err != nil {
		return err
	}
	if err := loadLocalLinks(ctx, db, q, d, staff, byID, refs, archived); err != nil {
		return err
	}
	return loadLocalContacts(ctx, db, q, d, byID)
}

// xpmRefs are the Partner and Manager XPM names for a local client (its cache's last fields).
type xpmRefs struct{ partner, manager string }

// loadLocalCache makes a record of every local client from the cache of what the checks read.
func loadLocalCache(ctx context.Context, db *sql.DB, d *Data) (map[int64]int, []xpmRefs, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, fields FROM health_local`)
	if err != nil {
		return nil, nil, fmt.Errorf("read the local clients: %w", err)
	}
	defer rows.Close()
	byID := map[int64]int{}
	var refs []xpmRefs
	for rows.Next() {
		var r Record
		var fields string
		var ref xpmRefs
		if err := rows.Scan(&r.Row.ID, &fields); err != nil {
			return nil, nil, fmt.Errorf("read the local clients: %w", err)
		}
		setFields(&r, fields, &ref.partner, &ref.manager)
		r.Row.Kind = store.KindLocal
		byID[r.Row.ID] = len(d.Records)
		d.Records = append(d.Records, r)
		refs = append(refs, ref)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("read the local clients: %w", err)
	}
	return byID, refs, nil
}

// loadLocalLinks adds each local client's XPM link, Partner and Manager (a covering index, so
// the clients' records themselves are not read).
func loadLocalLinks(ctx context.Context, db *sql.DB, q sqlOf, d *Data, staff staffNames, byID map[int64]int, refs []xpmRefs, archived map[string]bool) error {
	rows, err := db.QueryContext(ctx, `SELECT id, COALESCE(xpm_uuid,''), COALESCE(partner_staff_id,0), COALESCE(manager_staff_id,0)
		FROM clients`+q.indexed("health_clients_links"))
	if err != nil {
		return fmt.Errorf("read the local clients' links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, partnerID, managerID int64
		var uuid string
		if err := rows.Scan(&id, &uuid, &partnerID, &managerID); err != nil {
			return fmt.Errorf("read the local clients' links: %w", err)
		}
		i, ok := byID[id]
		if !ok {
			continue // added since the cache was read: the next review has it
		}
		r := &d.Records[i]
		r.UUID, r.XPMArchive = uuid, archived[uuid]
		r.Partner = localStaff(staff, partnerID, refs[i].partner)
		r.Manager = localStaff(staff, managerID, refs[i].manager)
	}
	return rows.Err()
}

// archivedXPM are the XPM clients archived in XPM.
func archivedXPM(ctx context.Context, db *sql.DB, q sqlOf) (map[string]bool, error) {
	rows, err := db.QueryContext(ctx, `SELECT uuid FROM xpm_clients`+q.indexed("health_xpm_stamp")+` WHERE is_archived = 1`)
	if err != nil {
		return nil, fmt.Errorf("read the archived XPM clients: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var uuid string
		if err := rows.Scan(&uuid); err != nil {
			return nil, fmt.Errorf("read the archived XPM clients: %w", err)
		}
		out[uuid] = true
	}
	return out, rows.Err()
}

// localStaff is a local client's Partner or Manager: the team member chosen here, or else the
// XPM staff member XPM names, which then has no linked team member.
func localStaff(staff staffNames, id int64, xpmUUID string) Staff {
	if id != 0 {
		return staff.local[id]
	}
	if xpmUUID == "" {
		return Staff{}
	}
	s := staff.ofXPM(xpmUUID)
	s.Linked = false
	return s
}

func loadLocalContacts(ctx context.Context, db *sql.DB, q sqlOf, d *Data, byID map[int64]int) error {
	rows, err := db.QueryContext(ctx, strings.ReplaceAll(`SELECT cc.client_id, concat_ws(SEP, COALESCE(c.xpm_uuid,''), replace(c.name, SEP, ' '),
		replace(c.email, SEP, ' '), replace(c.phone, SEP, ' '), replace(c.mobile, SEP, ' '), cc.is_primary)
		FROM client_contacts cc JOIN contacts c ON c.id = cc.contact_id`, "SEP", q.sep()))
	if err != nil {
		return fmt.Errorf("read the contacts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var joined string
		if err := rows.Scan(&id, &joined); err != nil {
			return fmt.Errorf("read the contacts: %w", err)
		}
		f := strings.SplitN(joined, "\x1f", 6)
		if len(f) < 6 {
			continue
		}
		c := Contact{UUID: f[0], Name: f[1], Email: f[2], Phone: f[3], Mobile: f[4], Primary: f[5] == "1"}
		if i, ok := byID[id]; ok {
			d.Records[i].Contacts = append(d.Records[i].Contacts, c)
		}
	}
	return rows.Err()
}

// loadXPMOnly reads the XPM clients with no local client, with the contacts XPM gave them.
func loadXPMOnly(ctx context.Context, db *sql.DB, q sqlOf, d *Data, staff staffNames) error {
	rows, err := db.QueryContext(ctx, `SELECT x.uuid, h.contacts, h.fields
		FROM xpm_clients x`+q.indexed("health_xpm_stamp")+` JOIN health_xpm h ON h.uuid = x.uuid WHERE x.gone = 0 AND x.is_deleted = 0
		AND NOT EXISTS (SELECT 1 FROM clients c WHERE c.xpm_uuid = x.uuid)`)
	if err != nil {
		return fmt.Errorf("read the XPM clients: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Record
		var partnerUUID, managerUUID, contacts, fields string
		if err := rows.Scan(&r.UUID, &contacts, &fields); err != nil {
			return fmt.Errorf("read the XPM clients: %w", err)
		}
		setFields(&r, fields, &partnerUUID, &managerUUID)
		if r.Contacts, err = decodeContacts(contacts); err != nil {
			return fmt.Errorf("read the contacts of XPM client %s: %w", r.UUID, err)
		}
		r.Row = store.RowKey{Kind: store.KindXPM, XPMUUID: r.UUID}
		r.XPMArchive = r.Archived
		r.Partner, r.Manager = staff.ofXPM(partnerUUID), staff.ofXPM(managerUUID)
		d.Records = append(d.Records, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read the XPM clients: %w", err)
	}
	return nil
}

// decodeContacts reads the cache's contact rows: [uuid, name, email, phone, mobile, primary].
func decodeContacts(s string) ([]Contact, error) {
	var rows [][]any
	if err := json.Unmarshal([]byte(s), &rows); err != nil {
		return nil, err
	}
	out := make([]Contact, 0, len(rows))
	for _, r := range rows {
		if len(r) < 6 {
			continue
		}
		str := func(i int) string { v, _ := r[i].(string); return v }
		p, _ := r[5].(float64)
		out = append(out, Contact{UUID: str(0), Name: str(1), Email: str(2), Phone: str(3), Mobile: str(4), Primary: p != 0})
	}
	return out, nil
}
