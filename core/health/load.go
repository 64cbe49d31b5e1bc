package health

import (
	"context"
	"database/sql"
	"fmt"

	"xpmsync/core/store"
	"xpmsync/core/syncer"
)

// Load reads every client the Clients list shows — local clients and XPM clients not imported
// (neither deleted nor gone from XPM) — with their contacts and their Partner and Manager.
func Load(ctx context.Context, st *store.Store) (*Data, error) {
	policy, err := syncer.LoadPolicy(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("read the default country code: %w", err)
	}
	if err := refreshCache(ctx, st); err != nil {
		return nil, err
	}
	db := st.DB()
	staff, err := loadStaff(ctx, db)
	if err != nil {
		return nil, err
	}
	d := &Data{CountryCode: policy.DefaultCountryCode}
	if err := loadLocal(ctx, db, d, staff); err != nil {
		return nil, err
	}
	if err := loadXPMOnly(ctx, db, d, staff); err != nil {
		return nil, err
	}
	return d, nil
}

// staffNames knows every team member and XPM staff member by name and link.
type staffNames struct {
	local map[int64]Staff  // local team member ID → name, linked
	xpm   map[string]Staff // XPM staff UUID → name, linked to a team member
}

func (s staffNames) ofXPM(uuid string) Staff {
	if uuid == "" {
		return Staff{}
	}
	st, ok := s.xpm[uuid]
	if !ok {
		return Staff{Name: "an XPM staff member this computer does not know", Set: true}
	}
	return st
}

func loadStaff(ctx context.Context, db *sql.DB) (staffNames, error) {
	s := staffNames{local: map[int64]Staff{}, xpm: map[string]Staff{}}
	rows, err := db.QueryContext(ctx, `SELECT x.uuid, x.name, s.id IS NOT NULL FROM xpm_staff x LEFT JOIN staff s ON s.xpm_uuid = x.uuid
		UNION ALL SELECT COALESCE(s.xpm_uuid, ''), s.name, s.xpm_uuid IS NOT NULL FROM staff s`)
	if err != nil {
		return s, fmt.Errorf("read the team: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var uuid, name string
		var linked bool
		if err := rows.Scan(&uuid, &name, &linked); err != nil {
			return s, fmt.Errorf("read the team: %w", err)
		}
		if uuid != "" && (linked || s.xpm[uuid].Name == "") {
			s.xpm[uuid] = Staff{Name: name, Set: true, Linked: linked}
		}
	}
	if err := rows.Err(); err != nil {
		return s, fmt.Errorf("read the team: %w", err)
	}
	members, err := db.QueryContext(ctx, `SELECT id, name, xpm_uuid IS NOT NULL AND xpm_uuid <> '' FROM staff`)
	if err != nil {
		return s, fmt.Errorf("read the team: %w", err)
	}
	defer members.Close()
	for members.Next() {
		var id int64
		var m Staff
		if err := members.Scan(&id, &m.Name, &m.Linked); err != nil {
			return s, fmt.Errorf("read the team: %w", err)
		}
		m.Set = true
		s.local[id] = m
	}
	return s, members.Err()
}

// scanClient reads the cache's columns (after any leading columns in lead) into r.
func scanClient(rows *sql.Rows, r *Record, lead []any, partner, manager *string) error {
	dest := append(lead, &r.Name, &r.FirstName, &r.LastName, &r.DOB, &r.Email, &r.Phone, &r.Postal, &r.PostCode, &r.Country,
		&r.PostalCode, &r.PostalCtry, &r.Business, &r.Company, &r.TaxNumber, &r.Prospect, &r.Archived, &r.WebURL, partner, manager)
	return rows.Scan(dest...)
}
