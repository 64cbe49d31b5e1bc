package syncer

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"

	"xpmsync/core/export"
	"xpmsync/core/store"
)

// SummaryHeader is the first row of the sync summary CSV.
var SummaryHeader = []string{"Record", "Client", "Name", "Field", "Value", "Reason", "XPM UUID", "Found at (UTC)"}

// WriteSummaryCSV writes seed 002's "Download sync summary": every record the syncs could not
// import, with the reason. Cells that a spreadsheet would run as a formula are neutralised.
func WriteSummaryCSV(ctx context.Context, st *store.Store, w io.Writer) error {
	issues, err := st.SyncIssues(ctx)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(SummaryHeader); err != nil {
		return fmt.Errorf("write sync summary: %w", err)
	}
	for _, is := range issues {
		client := is.ClientName
		if client == "" && is.Record == "client" {
			client = is.Name
		}
		row := []string{is.Record, client, is.Name, is.Field, is.Value, is.Reason, is.XPMUUID, is.At.UTC().Format("2006-01-02 15:04:05")}
		for i := range row {
			row[i] = export.SafeCell(row[i])
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write sync summary: %w", err)
		}
	}
	refused, err := refusedRows(ctx, st)
	if err != nil {
		return err
	}
	for _, row := range refused {
		for i := range row {
			row[i] = export.SafeCell(row[i])
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write sync summary: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write sync summary: %w", err)
	}
	return nil
}
