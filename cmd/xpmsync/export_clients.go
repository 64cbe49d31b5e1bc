package main

import (
	"context"
	"io"

	"xpmsync/core/export"
	"xpmsync/core/store"
)

// The Clients tab's two exports, for every client the list shows with no search or filter.
func init() {
	exporters["clients"] = func(ctx context.Context, st *store.Store, w io.Writer) error {
		rows, err := export.AllRows(ctx, st)
		if err != nil {
			return err
		}
		return export.Clients(ctx, st, w, rows)
	}
	exporters["contacts"] = func(ctx context.Context, st *store.Store, w io.Writer) error {
		rows, err := export.AllRows(ctx, st)
		if err != nil {
			return err
		}
		return export.Contacts(ctx, st, w, rows)
	}
}
