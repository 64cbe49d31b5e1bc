package store

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
)

// Busy reports whether err means the database was held by another writer for longer than the
// wait allows (SQLite "database is locked"/"busy", PostgreSQL lock or serialization failures):
// nothing was written, and the same work succeeds a moment later.
func Busy(err error) bool {
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		switch coded.Code() & 0xff { // the primary result code under SQLite's extended codes
		case 5, 6: // SQLITE_BUSY, SQLITE_LOCKED
			return true
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "40001", "40P01", "55P03": // serialization failure, deadlock, lock not available
			return true
		}
	}
	return false
}
