package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// How a team member came to be linked to XPM staff (staff.link_how).
const (
	LinkEmail    = "email"    // same email on both sides
	LinkManual   = "manual"   // chosen by hand in the Staff Linking tab
	LinkImport   = "import"   // the team member was imported from XPM
	LinkCreated  = "created"  // the 24-hour rule created the XPM staff member
	LinkUnlinked = "unlinked" // the user unlinked them: never link or create automatically again
)

// ErrStaffTaken means the XPM staff member is already linked to another team member.
var ErrStaffTaken = errors.New("this XPM staff member is already linked to another team member")

const staffCols = `id, name, email, phone, mobile, COALESCE(xpm_uuid,''), link_how, COALESCE(create_due,''),
	COALESCE(create_sent_at,''), create_error, created_at, updated_at`

func scanMember(sc interface{ Scan(...any) error }) (TeamMember, error) {
	var m TeamMember
	var due, sent, created, updated string
	err := sc.Scan(&m.ID, &m.Name, &m.Email, &m.Phone, &m.Mobile, &m.XPMUUID, &m.LinkHow, &due, &sent,
		&m.CreateError, &created, &updated)
	m.CreateDue, m.CreateSentAt = parseTS(due), parseTS(sent)
	m.CreatedAt, m.UpdatedAt = parseTS(created), parseTS(updated)
	return m, err
}

func tsOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return ts(t)
}

func (s *Store) membersWhere(ctx context.Context, q Queryer, where string, args ...any) ([]TeamMember, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+staffCols+` FROM staff `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("read team members: %w", err)
	}
	defer rows.Close()
	var out []TeamMember
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, fmt.Errorf("read team member: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// TeamMembers lists every local team member by name.
func (s *Store) TeamMembers(ctx context.Context) ([]TeamMember, error) {
	return s.membersWhere(ctx, s.db, `ORDER BY name COLLATE NOCASE, id`)
}

// TeamMember reads one team member.
func (s *Store) TeamMember(ctx context.Context, id int64) (TeamMember, error) {
	return s.teamMemberTx(ctx, s.db, id)
}

func (s *Store) teamMemberTx(ctx context.Context, q Queryer, id int64) (TeamMember, error) {
	m, err := scanMember(q.QueryRowContext(ctx, `SELECT `+staffCols+` FROM staff WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("team member %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("read team member %d: %w", id, err)
	}
	return m, nil
}

// TeamMemberByXPMUUID reads the team member linked to an XPM staff member.
func (s *Store) TeamMemberByXPMUUID(ctx context.Context, uuid string) (TeamMember, error) {
	m, err := scanMember(s.db.QueryRowContext(ctx, `SELECT `+staffCols+` FROM staff WHERE xpm_uuid = ?`, uuid))
	if errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("team member linked to XPM staff %s: %w", uuid, ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("read team member linked to %s: %w", uuid, err)
	}
	return m, nil
}

// AddTeamMember inserts m (link and pending creation included) and returns its ID.
func (s *Store) AddTeamMember(ctx context.Context, m TeamMember) (int64, error) {
	var id int64
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if m.XPMUUID != "" {
			if err := s.checkFreeTx(ctx, tx, m.XPMUUID, 0); err != nil {
				return err
			}
		}
		now := ts(s.Now())
		err := tx.QueryRowContext(ctx, `INSERT INTO staff(name, email, phone, mobile, xpm_uuid, link_how, create_due, created_at, updated_at)
			VALUES(?,?,?,?,?,?,?,?,?) RETURNING id`, strings.TrimSpace(m.Name), strings.TrimSpace(m.Email), m.Phone, m.Mobile,
			nullString(m.XPMUUID), m.LinkHow, tsOrNull(m.CreateDue), now, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("add team member %s: %w", m.Name, err)
		}
		return nil
	})
	return id, err
}

// UpdateTeamMember saves a team member's own details (name, email, phone, mobile) and
// whether a creation is pending; links change only through LinkTeamMember/UnlinkTeamMember.
func (s *Store) UpdateTeamMember(ctx context.Context, m TeamMember) error {
	res, err := s.db.ExecContext(ctx, `UPDATE staff SET name=?, email=?, phone=?, mobile=?, create_due=?, create_error=?, updated_at=? WHERE id=?`,
		strings.TrimSpace(m.Name), strings.TrimSpace(m.Email), m.Phone, m.Mobile, tsOrNull(m.CreateDue), m.CreateError, ts(s.Now()), m.ID)
	if err != nil {
		return fmt.Errorf("save team member %s: %w", m.Name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("save team member %d: %w", m.ID, ErrNotFound)
	}
	return nil
}

// checkFreeTx fails with ErrStaffTaken (naming the holder) when uuid is linked to a team member
// other than id.
func (s *Store) checkFreeTx(ctx context.Context, q Queryer, uuid string, id int64) error {
	var holder int64
	var name string
	err := q.QueryRowContext(ctx, `SELECT id, name FROM staff WHERE xpm_uuid = ?`, uuid).Scan(&holder, &name)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("check who is linked to XPM staff %s: %w", uuid, err)
	case holder != id:
		return fmt.Errorf("%w (%s)", ErrStaffTaken, name)
	}
	return nil
}

// LinkTeamMember links team member id to XPM staff uuid and ends any pending creation.
func (s *Store) LinkTeamMember(ctx context.Context, id int64, uuid, how string) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error { return s.LinkTeamMemberTx(ctx, tx, id, uuid, how) })
}

// LinkTeamMemberTx is LinkTeamMember inside the caller's transaction.
func (s *Store) LinkTeamMemberTx(ctx context.Context, tx *sql.Tx, id int64, uuid, how string) error {
	if uuid == "" {
		return fmt.Errorf("link team member %d: no XPM staff chosen", id)
	}
	if err := s.checkFreeTx(ctx, tx, uuid, id); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE staff SET xpm_uuid=?, link_how=?, create_due=NULL, create_sent_at=NULL, create_error='', updated_at=? WHERE id=?`,
		uuid, how, ts(s.Now()), id)
	if err != nil {
		return fmt.Errorf("link team member %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("link team member %d: %w", id, ErrNotFound)
	}
	return nil
}

// UnlinkTeamMember removes a team member's link. The member is never linked or created in XPM
// automatically afterwards (seed 001: a person who was mapped is not created).
func (s *Store) UnlinkTeamMember(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE staff SET xpm_uuid=NULL, link_how=?, create_due=NULL, create_sent_at=NULL, create_error='', updated_at=? WHERE id=?`,
		LinkUnlinked, ts(s.Now()), id)
	if err != nil {
		return fmt.Errorf("unlink team member %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("unlink team member %d: %w", id, ErrNotFound)
	}
	return nil
}

// DueStaffCreations lists unlinked team members whose creation in XPM is due at now, including
// any whose last add has an unknown outcome.
func (s *Store) DueStaffCreations(ctx context.Context, now time.Time) ([]TeamMember, error) {
	return s.membersWhere(ctx, s.db, `WHERE xpm_uuid IS NULL AND create_due IS NOT NULL AND create_due <= ? ORDER BY create_due, id`, ts(now))
}

// MarkStaffCreateSent records, before staff.api/add goes out, that an add is in flight; it
// survives a crash so the next attempt looks the person up before adding again.
func (s *Store) MarkStaffCreateSent(ctx context.Context, id int64, at time.Time) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE staff SET create_sent_at=? WHERE id=?`, ts(at), id); err != nil {
		return fmt.Errorf("record XPM add for team member %d: %w", id, err)
	}
	return nil
}

// ClearStaffCreateSent records that the add in flight definitely did not happen.
func (s *Store) ClearStaffCreateSent(ctx context.Context, id int64) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE staff SET create_sent_at=NULL WHERE id=?`, id); err != nil {
		return fmt.Errorf("clear XPM add for team member %d: %w", id, err)
	}
	return nil
}

// PostponeStaffCreate moves a pending creation to retryAt and says why it did not happen; an
// empty reason keeps nothing. A zero retryAt stops the automatic creation.
func (s *Store) PostponeStaffCreate(ctx context.Context, id int64, retryAt time.Time, reason string) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE staff SET create_due=?, create_error=?, updated_at=? WHERE id=?`,
		tsOrNull(retryAt), reason, ts(s.Now()), id); err != nil {
		return fmt.Errorf("postpone XPM creation of team member %d: %w", id, err)
	}
	return nil
}
