package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"xpmsync/core/demo"
)

// livedIn reports whether this run gives the demo practice its few days of history: the
// default demo (--demo-fresh keeps the just-connected one), on a database that has never synced.
func (s *Services) livedIn() bool {
	if s.demo == nil || s.Opts.DemoFresh || s.demoClock == nil {
		return false
	}
	_, err := s.Store.LastRun(s.Ctx())
	return err != nil
}

// BuildDemoHistory signs in to the demo practice and builds its history with the real engine
// over simulated days, reporting each step to progress. The app's own engine and scheduler
// must not run meanwhile: the history has its own, on the simulated clock.
func (s *Services) BuildDemoHistory(ctx context.Context, progress func(demo.Progress)) (demo.Summary, error) {
	if err := s.Connect(ctx); err != nil {
		return demo.Summary{}, err
	}
	sum, err := demo.Build(ctx, demo.Config{Store: s.Store, Clock: s.demoClock, Fake: s.demo, BaseURL: s.apiBase,
		Tokens: s.Auth, Progress: progress, Logger: slog.New(warnOnly{slog.Default().Handler()}).With("part", "demo history")})
	if err != nil {
		return sum, err
	}
	slog.Info("demo history built", "syncs", sum.Syncs, "failed", sum.Failed, "calls", sum.APICalls, "took", sum.Took)
	return sum, nil
}

// demoLivedIn builds the demo's history with a progress line in the status bar and on the
// command line, then starts the app's scheduler and shows the result.
func (s *Services) demoLivedIn(w *Window) {
	line := newProgressLine(os.Stdout)
	sum, err := s.BuildDemoHistory(s.Ctx(), func(p demo.Progress) {
		line.show(p)
		fyne.Do(func() {
			// The status bar's line is short: the whole sentence goes in the banner above the tabs.
			w.Banner.Show(p.Line(), false, "", nil)
			w.Status.SetProgress(fmt.Sprintf("Demo history %d%%", p.Done*100/max(1, p.Total)), p.Done, p.Total)
		})
	})
	line.done(fmt.Sprintf("Demo practice ready: %d syncs over 3 days, built in %s", sum.Syncs, sum.Took.Round(100*time.Millisecond)))
	idle := s.lastSyncText(s.Ctx())
	fyne.Do(func() {
		w.Status.SetIdle(idle)
		w.Clients.Reload()
		w.Staff.Reload()
		w.Progress.Reload()
		w.Banner.Hide()
		if err != nil {
			w.Banner.Show("The demo practice's history stopped part way: "+err.Error(), true, "", nil)
		} else {
			w.showTab(tabProgress)
		}
		s.startBackground(w)
	})
	if err != nil {
		slog.Error("demo history", "err", err)
	}
}

// progressLine writes progress on one terminal line, rewritten in place; when the output is
// not a terminal it writes a line per step only, so a log file stays short.
type progressLine struct {
	mu   sync.Mutex
	out  io.Writer
	tty  bool
	step string
}

func newProgressLine(f *os.File) *progressLine {
	st, err := f.Stat()
	return &progressLine{out: f, tty: err == nil && st.Mode()&os.ModeCharDevice != 0}
}

func (p *progressLine) show(pr demo.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		fmt.Fprintf(p.out, "\r\033[K%s", pr.Line())
		return
	}
	if pr.Step != p.step {
		p.step = pr.Step
		fmt.Fprintln(p.out, pr.Line())
	}
}

func (p *progressLine) done(text string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		fmt.Fprint(p.out, "\r\033[K")
	}
	fmt.Fprintln(p.out, text)
}

// warnOnly passes on warnings and errors only: the history's hundred syncs would otherwise fill
// the log with lines about days that were only simulated.
type warnOnly struct{ slog.Handler }

func (h warnOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && h.Handler.Enabled(ctx, l)
}

func (h warnOnly) WithAttrs(as []slog.Attr) slog.Handler { return warnOnly{h.Handler.WithAttrs(as)} }

func (h warnOnly) WithGroup(name string) slog.Handler { return warnOnly{h.Handler.WithGroup(name)} }
