package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"xpmsync/core/xpmfake"
)

// demoClientID is the client ID the app presents to its own demo identity service.
const demoClientID = "xpmsync-demo"

// startDemo serves a seeded practice on a free loopback port and points every Xero URL at it.
func (s *Services) startDemo() error {
	n := s.Opts.DemoClients
	if n <= 0 {
		n = 500
	}
	fake := xpmfake.New(xpmfake.Config{Clients: n, Seed: 1, AutoApprove: true, PMModule: true, ClientID: demoClientID})
	faults, err := ParseDemoFaults(s.Opts.DemoFaults)
	if err != nil {
		return err
	}
	s.demoFaults = faults
	base, err := fake.Start("127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("start the demo practice: %w", err)
	}
	slog.Info("demo practice serving", "url", base, "clients", n)
	s.demo, s.apiBase = fake, base
	return nil
}

// followDemoConsent plays the browser's part: the demo identity approves at once and
// redirects to our loopback callback.
func followDemoConsent(ctx context.Context, url string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		slog.Error("demo sign-in", "err", err)
		return
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		slog.Error("demo sign-in", "err", err)
		return
	}
	resp.Body.Close()
}
