package app

import (
	"context"
	"io"
	"time"

	"xpmsync/core/auth"
	"xpmsync/core/schedule"
	"xpmsync/core/syncer"
	"xpmsync/screens"
)

// buildSettings makes the Sync Settings tab from the services.
func (w *Window) buildSettings(svc *Services) *screens.SyncSettingsTab {
	svcs := settingsService{s: svc}
	t := screens.NewSyncSettings(svcs, w.Win, screens.WithRunner(svc.Opts.UIRunner))
	t.AttachSchedule(svcs)
	return t
}

func (c settingsService) ScheduleSettings(ctx context.Context) (schedule.Settings, error) {
	return schedule.LoadSettings(ctx, c.s.Store)
}

// SaveScheduleSettings applies at once: the scheduler reads its settings again.
func (c settingsService) SaveScheduleSettings(ctx context.Context, st schedule.Settings) error {
	if err := schedule.SaveSettings(ctx, c.s.Store, st); err != nil {
		return err
	}
	if sc := c.s.Scheduler(); sc != nil {
		sc.Reload()
	}
	return nil
}

// settingsService gives the Sync Settings tab the engine's policy, resyncs and previews.
type settingsService struct {
	s *Services
}

func (c settingsService) Policy(ctx context.Context) (syncer.Policy, error) {
	return syncer.LoadPolicy(ctx, c.s.Store)
}

func (c settingsService) SavePolicy(ctx context.Context, p syncer.Policy) error {
	return syncer.SavePolicy(ctx, c.s.Store, p)
}

// Resync runs through RunSync so the status bar, Clients and Staff tabs follow it like any sync.
func (c settingsService) Resync(ctx context.Context, kind syncer.Kind) (syncer.Result, error) {
	if c.s.API() == nil {
		return syncer.Result{}, auth.ErrNotConnected
	}
	return c.s.RunSync(c.s.Ctx(), kind, syncer.TriggerManual)
}

func (c settingsService) ManualResyncAvailableAt(kind syncer.Kind) time.Time {
	return c.s.Engine.ManualResyncAvailableAt(kind)
}

func (c settingsService) Preview(ctx context.Context) (syncer.Plan, error) {
	if c.s.API() == nil {
		return syncer.Plan{}, auth.ErrNotConnected
	}
	return c.s.Engine.Preview(ctx)
}

func (c settingsService) WriteSummary(ctx context.Context, w io.Writer) error {
	return syncer.WriteSummaryCSV(ctx, c.s.Store, w)
}
