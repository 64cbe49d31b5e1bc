package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"xpmsync/core/auth"
	"xpmsync/core/demo"
	"xpmsync/core/health"
	"xpmsync/core/importer"
	"xpmsync/core/instance"
	"xpmsync/core/leader"
	"xpmsync/core/model"
	"xpmsync/core/staff"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
)

// Services are the engine parts the window drives, started once per process.
type Services struct {
	Opts  Options
	Store *store.Store
	Auth  *auth.Manager
	// Engine runs syncs and pushes; it reaches XPM through whatever connection is current.
	Engine *syncer.Engine
	// Health runs the data-health checks; the engine records their counts after each sync.
	Health *health.Service

	// NoBrowser leaves opening the sign-in link to the user (`connect --no-browser`).
	NoBrowser bool

	staffOnce sync.Once
	staff     *staff.Service

	importerOnce sync.Once
	importer     *importer.Importer // see Importer

	// loop is the scheduler's tie to the window; set once by startScheduler on the UI
	// goroutine, read from others (shutdown, the CLI), hence atomic.
	loop atomic.Pointer[syncLoop]

	demo       *xpmfake.Server
	demoClock  *demo.Clock    // the store's clock while the demo's history is built
	demoFaults xpmfake.Faults // switched on once the demo sign-in is done
	apiBase    string

	lock      *instance.Lock
	closeOnce sync.Once

	// Leader says whether this seat syncs for the practice (always, on its own SQLite file).
	Leader     *leader.Elector
	leaderDone chan struct{}

	mu     sync.Mutex
	sends  *sendWatch // nil until the window watches the outbox's sends
	api    *xpm.Client
	tenant string
	ctx    context.Context
	cancel context.CancelFunc
}

// StartServices opens the database and prepares the connection; in demo mode it also starts
// the built-in fake XPM on a free loopback port.
func StartServices(opts Options) (*Services, error) {
	st, err := OpenStore(opts)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Services{Opts: opts, Store: st, ctx: ctx, cancel: cancel, apiBase: opts.XeroBase}
	if !opts.ReadOnly {
		if err := s.acquireInstance(); err != nil {
			st.Close()
			cancel()
			return nil, err
		}
	}
	clientID := opts.ClientID
	if clientID == "" {
		clientID, _ = st.Setting(ctx, settingClientID, "")
	}
	cfg := auth.Config{ClientID: auth.ResolveClientID(clientID)}
	var secrets auth.SecretStore = auth.NewKeyringStore()
	if opts.Demo {
		if err := s.startDemo(); err != nil {
			s.Close()
			return nil, err
		}
		if !opts.DemoFresh {
			// Before anything reads the store: the history is stamped with simulated times.
			s.demoClock = demo.NewClock()
			st.SetClock(s.demoClock.Now)
		}
		cfg.ClientID = demoClientID
		cfg.Ports = []int{0} // the demo identity accepts any localhost port, so never collide
		secrets = auth.NewMemoryStore()
	}
	cfg.Endpoints = auth.XeroEndpoints(s.apiBase)
	s.Auth = auth.NewManager(cfg, secrets)
	s.Health = &health.Service{St: st}
	s.startElection()
	s.Engine = syncer.New(st, liveAPI{s}, syncer.Options{AfterSync: s.Health.AfterSync, MaySend: s.Leader.Leader, Fence: s.Leader.Fence,
		Seat: sharedSeat(st), Events: s.engineEvent})
	return s, nil
}

// Ctx is cancelled when the app quits.
func (s *Services) Ctx() context.Context { return s.ctx }

// Demo reports whether the app talks to its built-in demo practice.
func (s *Services) Demo() bool { return s.demo != nil }

// API is the XPM client for the connected practice, or nil when not connected.
func (s *Services) API() *xpm.Client {
	tenant := s.Auth.TenantID()
	if tenant == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.api == nil || s.tenant != tenant {
		s.api = xpm.New(xpm.Config{BaseURL: s.apiBase, TenantID: tenant, Tokens: s.Auth})
		s.tenant = tenant
	}
	return s.api
}

// Connect runs the browser sign-in and saves the connection (the first practice when several).
func (s *Services) Connect(ctx context.Context) error { return s.ConnectWith(ctx, nil, nil) }

// ConnectWith runs the browser sign-in; onURL gets the sign-in link at once (for "Copy link" and
// `connect --no-browser`), choose picks among several practices (nil = the first). In demo mode the built-in identity
// approves at once, so the flow is followed without a browser.
func (s *Services) ConnectWith(ctx context.Context, onURL func(string), choose func(context.Context, []model.Connection) (model.Connection, error)) error {
	flow, err := s.Auth.Begin(ctx)
	if err != nil {
		return fmt.Errorf("start signing in: %w", err)
	}
	defer flow.Close()
	if onURL != nil {
		onURL(flow.URL())
	}
	if s.demo != nil {
		go followDemoConsent(ctx, flow.URL())
	} else if s.NoBrowser {
		slog.Info("waiting for the browser sign-in")
	} else if err := flow.Open(); err != nil {
		slog.Warn("no browser opened; the user can copy the link", "err", err)
	}
	g, err := flow.Wait(ctx)
	if err != nil {
		return fmt.Errorf("sign in to Xero: %w", err)
	}
	tenant, err := pickTenant(ctx, g.Tenants, choose)
	if err != nil {
		return err
	}
	if _, err := s.Auth.Complete(g, tenant); err != nil {
		return fmt.Errorf("save the connection: %w", err)
	}
	slog.Info("connected", "practice", tenant.TenantName)
	if s.demo != nil {
		s.demo.SetFaults(s.demoFaults)
	}
	return nil
}

func pickTenant(ctx context.Context, ts []model.Connection, choose func(context.Context, []model.Connection) (model.Connection, error)) (model.Connection, error) {
	switch {
	case len(ts) == 0:
		return model.Connection{}, errors.New("this Xero login has no Xero Practice Manager practice: sign in as a user of your practice's XPM, or ask an XPM admin to allow third-party add-ons")
	case len(ts) == 1 || choose == nil:
		return ts[0], nil
	}
	return choose(ctx, ts)
}
