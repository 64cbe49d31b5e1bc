package main

import (
	"context"
	"io"

	"xpmsync/core/health"
	"xpmsync/core/store"
)

// `xpmsync export health`: one row per open Data health finding, as the view's Export CSV.
func init() {
	exporters["health"] = func(ctx context.Context, st *store.Store, w io.Writer) error {
		return (&health.Service{St: st}).ExportCSV(ctx, w)
	}
}
