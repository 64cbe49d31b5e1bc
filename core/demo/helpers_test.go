package demo

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"xpmsync/core/store"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
	"xpmsync/core/xpmtest"
)

// built is one demo practice with its history, as the app builds it.
type built struct {
	st   *store.Store
	fake *xpmfake.Server
	sum  Summary
	end  time.Time
	ctx  context.Context
	api  *xpm.Client // the demo practice, as the app's connection reaches it after the build
}

// buildDemo signs in to a fresh demo practice (as the app's demo does) and builds its history.
func buildDemo(tb testing.TB, clients int) built {
	tb.Helper()
	ctx := context.Background()
	fake := xpmfake.New(xpmfake.Config{Clients: clients, Seed: 1, AutoApprove: true, PMModule: true})
	base, err := fake.Start("127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { fake.Close() })
	tok, err := xpmtest.Login(ctx, base, xpmtest.DefaultClientID)
	if err != nil {
		tb.Fatal(err)
	}
	st, err := store.OpenDir(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	clock := NewClock()
	st.SetClock(clock.Now)
	end := time.Now()
	sum, err := Build(ctx, Config{Store: st, Clock: clock, Fake: fake, BaseURL: base, Tokens: tok, End: end, Location: time.UTC})
	if err != nil {
		tb.Fatalf("build: %v (summary %+v)", err, sum)
	}
	api := xpm.New(xpm.Config{BaseURL: base, TenantID: fake.TenantID(), Tokens: tok, Logger: slog.New(slog.DiscardHandler)})
	return built{st: st, fake: fake, sum: sum, end: end, ctx: ctx, api: api}
}
