package syncer_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
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
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
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
	token, err := simSignIn(base)
	if err != nil {
		return fail(err)
	}
	return xpm.New(xpm.Config{BaseURL: base, TenantID: tenantID, Tokens: staticTokens(token),
		Logger:  slog.New(slog.DiscardHandler),
		Limiter: xpm.NewLimiter(xpm.LimiterConfig{PerMinute: -1}),
		Retry:   xpm.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond, MaxAttempts: 6}}), nil
}

// simSignIn runs the authorization code flow with PKCE against base and returns the access token.
func simSignIn(base string) (string, error) {
	const redirect = "http://localhost:8765/callback"
	verifier := strings.Repeat("benchsim-v3rifier", 4)
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{"response_type": {"code"}, "client_id": {"xpmsync-bench"}, "redirect_uri": {redirect},
		"scope": {"openid offline_access practicemanager.client practicemanager.staff"}, "state": {"s"},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(base + "/identity/connect/authorize?" + q.Encode())
	if err != nil {
		return "", fmt.Errorf("authorize: %w", err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		return "", fmt.Errorf("authorize answered %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, err = http.PostForm(base+"/connect/token", url.Values{"grant_type": {"authorization_code"},
		"code": {loc.Query().Get("code")}, "redirect_uri": {redirect}, "code_verifier": {verifier}, "client_id": {"xpmsync-bench"}})
	if err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		return "", fmt.Errorf("token: HTTP %d, %v", resp.StatusCode, err)
	}
	return tok.AccessToken, nil
}
