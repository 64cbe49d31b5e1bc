package store

import (
	"context"
	"fmt"
)

// HeldKind names a table whose rows may carry an XPM UUID, so the question "does a record here
// already hold this UUID?" is asked one way for contacts and relationships alike.
type HeldKind string

const (
	HeldContact      HeldKind = "contacts"
	HeldRelationship HeldKind = "relationships"
)

// UUIDHeld reports whether a contact or relationship here already carries the XPM UUID. The
// outbox asks it before adopting a record an interrupted send may have created in XPM, so one
// XPM record is never claimed by two records here.
func (s *Store) UUIDHeld(ctx context.Context, kind HeldKind, uuid string) (bool, error) {
	if kind != HeldContact && kind != HeldRelationship {
		return false, fmt.Errorf("look up XPM UUID %s: unknown kind %q", uuid, kind)
	}
	var n int
	q := `SELECT count(*) FROM ` + string(kind) + ` WHERE xpm_uuid = ?`
	if err := s.db.QueryRowContext(ctx, q, uuid).Scan(&n); err != nil {
		return false, fmt.Errorf("look for %s %s here: %w", kind, uuid, err)
	}
	return n > 0, nil
}
