package syncer_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmtest"
)

// benchSim is the fake XPM every benchmark syncs from, started once per test binary (a full
// sync only reads it). On Linux it is cmd/xpmsim in a process of its own, so the fake's
// 15,000 clients do not count in the peak RSS measured here, as in the app, where XPM is
// remote: in-process they and the collector's headroom over them were over half of it.
var benchSim struct {
	sync.Mutex
	api syncer.API
	err error
}

// benchFake returns an API client signed in to the benchmark practice.
func benchFake(b *testing.B) syncer.API {
	b.Helper()
	benchSim.Lock()
	defer benchSim.Unlock()
	if benchSim.api == nil && benchSim.err == nil {
		benchSim.api, benchSim.err = startPractice(b, benchClients)
	}
	if benchSim.err != nil {
		b.Fatal(benchSim.err)
	}
	return benchSim.api
}

var tenantRE = regexp.MustCompile(`tenant_id=(\S+)`)

// startSim builds and starts xpmsim on a free loopback port with attr, and signs in with the
// PKCE code flow (auto-approved).
func startSim(clients int, attr *syscall.SysProcAttr) (syncer.API, error) {
	dir, err := os.MkdirTemp("", "xpmsim-bench-")
	if err != nil {
		return nil, err
	}
	// The binary is removed once started (Linux runs it on): nothing is left behind.
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "xpmsim")
	goTool, err := exec.LookPath("go")
	if err != nil {
		return nil, fmt.Errorf("the go tool is not on PATH: %w", err)
	}
	if out, err := exec.Command(goTool, "build", "-o", bin, "xpmsync/cmd/xpmsim").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("build xpmsim: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "--addr", "127.0.0.1:0", "--clients", strconv.Itoa(clients), "--seed", "2026",
		"--auto-approve", "--no-rate-limits", "--quiet")
	cmd.SysProcAttr = attr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start xpmsim: %w", err)
	}
	fail := func(err error) (syncer.API, error) {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, err
	}
	// The ready line on stderr names the tenant; stdout's first line is the base URL.
	tenant := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := tenantRE.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case tenant <- strings.Trim(m[1], `"`):
				default:
				}
			}
		}
		close(tenant)
	}()
	base, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return fail(fmt.Errorf("xpmsim did not start: %w", err))
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	base = strings.TrimSpace(base)
	var tenantID string
	select {
	case tenantID = <-tenant:
	case <-time.After(time.Minute):
	}
	if tenantID == "" {
		return fail(fmt.Errorf("xpmsim did not say its tenant ID"))
	}
	token, err := xpmtest.SignIn(context.Background(), base, "xpmsync-bench")
	if err != nil {
		return fail(err)
	}
	return xpm.New(xpm.Config{BaseURL: base, TenantID: tenantID, Tokens: staticTokens(token),
		Logger:  slog.New(slog.DiscardHandler),
		Limiter: xpm.NewLimiter(xpm.LimiterConfig{PerMinute: -1}),
		Retry:   xpm.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond, MaxAttempts: 6}}), nil
}
