package store

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// notifyChannel carries the name of each table a committed transaction changed (the triggers
// of migrations_pg/001).
const notifyChannel = "xpmsync_changes"

// Changed is a table another seat (or this one) changed; All means "reload everything": the
// listener was reconnected and may have missed some.
type Changed struct {
	Table string
	All   bool
}

// Listen calls fn with what changed in the shared database until ctx ends, on a connection of
// its own, reconnecting with backoff when it drops (and then reporting All, since a seat that
// was not listening missed whatever happened meanwhile). On SQLite it returns at once: the
// seat is alone.
func (s *Store) Listen(ctx context.Context, fn func(Changed)) {
	if s.d != postgresDialect || s.cfg == nil {
		return
	}
	wait := time.Second
	for first := true; ctx.Err() == nil; first = false {
		if !first {
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			wait = min(wait*2, 30*time.Second)
		}
		if err := s.listenOnce(ctx, fn, !first, &wait); err != nil && ctx.Err() == nil {
			slog.Warn("lost the live updates from the shared database; reconnecting", "err", err, "retry_in", wait)
		}
	}
}

func (s *Store) listenOnce(ctx context.Context, fn func(Changed), again bool, wait *time.Duration) error {
	conn, err := pgx.ConnectConfig(ctx, s.cfg.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+notifyChannel); err != nil {
		return err
	}
	*wait = time.Second
	if again {
		fn(Changed{All: true})
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		fn(Changed{Table: n.Payload})
	}
}
