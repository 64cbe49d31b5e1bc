package health

import (
	"context"
	"fmt"
	"io"
	"strings"

	"xpmsync/core/export"
	"xpmsync/core/store"
)

// Review is what the Data health view shows: the open findings, those the user dismissed, and
// how many clients were checked.
type Review struct {
	Open    []Finding
	Hidden  []Finding
	Clients int
}

// Service runs the checks over one store.
type Service struct {
	St *store.Store
}

// Review loads the clients, runs every check and sets the dismissed findings apart.
func (s *Service) Review(ctx context.Context) (Review, error) {
	d, err := Load(ctx, s.St)
	if err != nil {
		return Review{}, err
	}
	rep := Run(d)
	dis, err := Dismissals(ctx, s.St)
	if err != nil {
		return Review{}, err
	}
	open, hidden := Open(rep.Findings, dis)
	return Review{Open: open, Hidden: hidden, Clients: rep.Clients}, nil
}

// Dismiss remembers "Not a problem" for a finding, by the named user.
func (s *Service) Dismiss(ctx context.Context, f Finding, by string) error {
	return Dismiss(ctx, s.St, f, by)
}

// Trend reads the last 90 days of counts.
func (s *Service) Trend(ctx context.Context) ([]TrendPoint, error) { return Trend(ctx, s.St) }

// AfterSync records the open findings per check once a sync has committed; the engine calls it
// (syncer.Options.AfterSync) so the trend has one point per sync.
func (s *Service) AfterSync(ctx context.Context, runID int64) error {
	r, err := s.Review(ctx)
	if err != nil {
		return fmt.Errorf("check data health after sync %d: %w", runID, err)
	}
	return RecordTrend(ctx, s.St, runID, r.Open)
}

// ExportCSV writes one row per open finding, formula-safe.
func (s *Service) ExportCSV(ctx context.Context, w io.Writer) error {
	r, err := s.Review(ctx)
	if err != nil {
		return err
	}
	return WriteCSV(w, r.Open)
}

// WriteCSV writes findings as CSV: check, clients, XPM UUIDs, field, value, reason.
func WriteCSV(w io.Writer, fs []Finding) error {
	cw := export.NewWriter(w)
	if err := cw.Write("Check", "Clients", "XPM UUIDs", "Field", "Value", "Reason"); err != nil {
		return err
	}
	for _, f := range fs {
		names, uuids := make([]string, 0, len(f.Clients)), make([]string, 0, len(f.Clients))
		for _, c := range f.Clients {
			names = append(names, c.Name)
			if c.UUID != "" {
				uuids = append(uuids, c.UUID)
			}
		}
		if err := cw.Write(CheckByID(f.Check).Name, strings.Join(names, " | "), strings.Join(uuids, " "),
			f.Field, f.Value, f.Reason); err != nil {
			return err
		}
	}
	return cw.Flush()
}
