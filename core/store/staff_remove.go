package store

import (
	"context"
	"fmt"
)

// LinkNoCreate marks a team member whose creation in XPM the user cancelled: never created in
// XPM automatically, still linked by email once XPM has someone with their email.
const LinkNoCreate = "no_create"

// DeleteTeamMember removes a team member. Clients keep their XPM Partner and Manager; here the
// role empties (the schema's ON DELETE SET NULL), and nothing about it is sent to XPM.
func (s *Store) DeleteTeamMember(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM staff WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("remove team member %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("remove team member %d: %w", id, ErrNotFound)
	}
	return nil
}

// CancelStaffCreate stops a pending creation in XPM for good (LinkNoCreate). An add already
// sent is not touched: only the next check can tell whether XPM applied it.
func (s *Store) CancelStaffCreate(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE staff SET create_due=NULL, create_error='', link_how=?, updated_at=?
		WHERE id=? AND xpm_uuid IS NULL AND create_sent_at IS NULL`, LinkNoCreate, ts(s.Now()), id)
	if err != nil {
		return fmt.Errorf("cancel the XPM creation of team member %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("cancel the XPM creation of team member %d: %w", id, ErrNotFound)
	}
	return nil
}

// RoleClients counts the clients with team member id as their Partner or Manager.
func (s *Store) RoleClients(ctx context.Context, id int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM clients WHERE partner_staff_id = ? OR manager_staff_id = ?`, id, id).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count the clients of team member %d: %w", id, err)
	}
	return n, nil
}
