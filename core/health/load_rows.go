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
// and their contacts.
func loadLocal(ctx context.Context, db *sql.DB, d *Data, staff staffNames) error {
	rows, err := db.QueryContext(ctx, `SELECT c.id, COALESCE(c.xpm_uuid,''), COALESCE(c.partner_staff_id,0), COALESCE(c.manager_staff_id,0),
		COALESCE(x.is_archived, 0), h.fields
		FROM clients c JOIN health_local h ON h.id = c.id LEFT JOIN xpm_clients x INDEXED BY health_xpm_stamp ON x.uuid = c.xpm_uuid`)
	if err != nil {
		return fmt.Errorf("read the local clients: %w", err)
	}
	defer rows.Close()
	byID := map[int64]int{}
	for rows.Next() {
		var r Record
		var partnerID, managerID int64
		var partnerUUID, managerUUID, fields string
		if err := rows.Scan(&r.Row.ID, &r.UUID, &partnerID, &managerID, &r.XPMArchive, &fields); err != nil {
			return fmt.Errorf("read the local clients: %w", err)
		}
		setFields(&r, fields, &partnerUUID, &managerUUID)
		r.Row.Kind = store.KindLocal
		r.Partner = localStaff(staff, partnerID, partnerUUID)
		r.Manager = localStaff(staff, managerID, managerUUID)
		byID[r.Row.ID] = len(d.Records)
		d.Records = append(d.Records, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read the local clients: %w", err)
	}
	return loadLocalContacts(ctx, db, d, byID)
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

func loadLocalContacts(ctx context.Context, db *sql.DB, d *Data, byID map[int64]int) error {
	rows, err := db.QueryContext(ctx, `SELECT cc.client_id, concat_ws(char(31), COALESCE(c.xpm_uuid,''), replace(c.name, char(31), ' '),
		replace(c.email, char(31), ' '), replace(c.phone, char(31), ' '), replace(c.mobile, char(31), ' '), cc.is_primary)
		FROM client_contacts cc JOIN contacts c ON c.id = cc.contact_id`)
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
func loadXPMOnly(ctx context.Context, db *sql.DB, d *Data, staff staffNames) error {
	rows, err := db.QueryContext(ctx, `SELECT x.uuid, h.contacts, h.fields
		FROM xpm_clients x INDEXED BY health_xpm_stamp JOIN health_xpm h ON h.uuid = x.uuid WHERE x.gone = 0 AND x.is_deleted = 0
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
