package health

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"

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
	// Local and XPM-only clients are read side by side on two connections (SQLite's WAL lets
	// readers run together), then joined local first.
	nLocal, nXPM := countCached(ctx, db)
	// Sized once: 50,000 records grown by appending are copied over and over.
	local, remote := &Data{Records: make([]Record, 0, nLocal+nXPM)}, &Data{Records: make([]Record, 0, nXPM)}
	var lerr, rerr error
	var wg sync.WaitGroup
	q := sqlFor(st)
	wg.Go(func() { lerr = loadLocal(ctx, db, q, local, staff) })
	wg.Go(func() { rerr = loadXPMOnly(ctx, db, q, remote, staff) })
	wg.Wait()
	if err := errors.Join(lerr, rerr); err != nil {
		return nil, err
	}
	return &Data{CountryCode: policy.DefaultCountryCode, Records: append(local.Records, remote.Records...)}, nil
}

// countCached is how many local and XPM clients the cache holds (a size to allocate for; 0
// when it cannot say).
func countCached(ctx context.Context, db *sql.DB) (local, xpm int) {
	_ = db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM health_local), (SELECT count(*) FROM health_xpm)`).Scan(&local, &xpm)
	return local, xpm
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

// truth reads a JSON flag as the cache keeps it: 1 from SQLite, true from PostgreSQL.
func truth(s string) bool { return s == "1" || s == "true" }

// setFields fills r from the cache's joined fields (see cacheFields); a short row leaves the
// rest empty rather than failing the whole review.
func setFields(r *Record, joined string, partner, manager *string) {
	f := make([]string, len(cacheFields))
	for i := range f {
		var ok bool
		if f[i], joined, ok = strings.Cut(joined, "\x1f"); !ok {
			break
		}
	}
	r.Name, r.FirstName, r.LastName, r.DOB, r.Email, r.Phone, r.Postal = f[0], f[1], f[2], f[3], f[4], f[5], f[6]
	r.PostCode, r.Country, r.PostalCode, r.PostalCtry, r.Business, r.Company = f[7], f[8], f[9], f[10], f[11], f[12]
	r.TaxNumber, r.Prospect, r.Archived, r.WebURL = f[13], truth(f[14]), truth(f[15]), f[16]
	*partner, *manager = f[17], f[18]
}
