package dbconfig

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"xpmsync/core/store"
)

// Migrate copies the SQLite database in dataDir into the empty PostgreSQL database at
// target (URL with its password), verified, leaving the local file as it was.
func Migrate(ctx context.Context, dataDir, target string, progress func(string)) (store.CopyReport, error) {
	var rep store.CopyReport
	path := filepath.Join(dataDir, store.FileName)
	if _, err := os.Stat(path); err != nil {
		return rep, fmt.Errorf("no XPM Sync database in %s to copy: give --data-dir", dataDir)
	}
	src, err := store.OpenReadOnly(path)
	if err != nil {
		return rep, err
	}
	defer src.Close()
	dst, err := store.OpenPostgres(ctx, target)
	if err != nil {
		if plain := Explain(target, err); plain != "" {
			return rep, errors.New(plain)
		}
		return rep, err
	}
	defer dst.Close()
	rep, err = src.CopyTo(ctx, dst, progress)
	if errors.Is(err, store.ErrTargetNotEmpty) {
		return rep, fmt.Errorf("%s already holds XPM Sync data, so nothing was copied (a copy never merges two practices): %w", store.RedactURL(target), err)
	}
	return rep, err
}
