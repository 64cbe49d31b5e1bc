package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"xpmsync/core/dbconfig"
	"xpmsync/core/store"
)

// DatabaseError is a database that could not be opened, with the sentence to show for it.
type DatabaseError struct {
	Plain string // what happened and what to do, in the user's words
	Err   error
}

func (e *DatabaseError) Error() string { return e.Plain }
func (e *DatabaseError) Unwrap() error { return e.Err }

// OpenStore opens the database this seat uses: the practice's shared PostgreSQL database when
// one is chosen (--database, XPMSYNC_DATABASE or Connection → Advanced), else the local SQLite
// file. A shared database that cannot be opened is an error: the seat never falls back to a
// private file, where its work would be lost to the rest of the practice.
func OpenStore(opts Options) (*store.Store, error) {
	dbURL, err := dbconfig.Resolve(dbconfig.OS, opts.Database, opts.DataDir)
	if err != nil {
		return nil, &DatabaseError{Plain: dbconfig.Explain(opts.Database, err), Err: err}
	}
	if dbURL == "" || opts.Demo {
		st, err := store.OpenDir(opts.DataDir)
		if err != nil {
			return nil, fmt.Errorf("open the database in %s: %w", opts.DataDir, err)
		}
		return st, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := store.OpenPostgres(ctx, dbURL)
	if err != nil {
		plain := dbconfig.Explain(dbURL, err)
		if plain == "" {
			plain = fmt.Sprintf("XPM Sync could not open the practice database at %s: %v", store.RedactURL(dbURL), err)
		}
		return nil, &DatabaseError{Plain: plain, Err: err}
	}
	return st, nil
}

// AsDatabaseError reports whether err is a database that could not be opened.
func AsDatabaseError(err error) (*DatabaseError, bool) {
	var de *DatabaseError
	ok := errors.As(err, &de)
	return de, ok
}
