package main

import (
	"context"
	"io"

	"xpmsync/core/activity"
	"xpmsync/core/store"
)

// The Integration Progress export: every action of the past 72 hours, newest first.
func init() {
	exporters["activity"] = func(ctx context.Context, st *store.Store, w io.Writer) error {
		return activity.New(st).WriteCSV(ctx, w, activity.Filter{})
	}
}
