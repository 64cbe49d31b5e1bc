package store

import (
	"context"
	"database/sql"
	"fmt"
)

// dataTables are emptied by ClearData, children first so foreign keys never object.
var dataTables = []string{
	"health_dismissals", "health_trend", "health_local", "health_xpm", "outbox", "field_history", "sync_issues", "events", "client_baselines", "group_members", "groups",
	"relationships", "client_contacts", "contacts", "clients", "xpm_clients", "staff", "xpm_staff",
	"sync_runs", "sync_state", "client_search",
}

// ClearData removes every client, contact, staff member and history row, keeping settings. It is
// what "Disconnect and remove local data" does; one transaction, so it is all or nothing.
func (s *Store) ClearData(ctx context.Context) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		for _, t := range dataTables {
			ok, err := s.d.tableExists(ctx, tx, t)
			if err != nil {
				return fmt.Errorf("check table %s: %w", t, err)
			}
			if !ok {
				continue
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return fmt.Errorf("clear %s: %w", t, err)
			}
		}
		return nil
	})
}
