package main

import (
	"context"
	"io"

	"xpmsync/core/store"
	"xpmsync/core/syncer"
)

// The sync summary (seed 002's "Download sync summary"): every record a sync could not import,
// with the reason.
func init() {
	exporters["summary"] = func(ctx context.Context, st *store.Store, w io.Writer) error {
		return syncer.WriteSummaryCSV(ctx, st, w)
	}
}
