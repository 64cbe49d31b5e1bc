package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pkg/browser"
	"golang.org/x/oauth2"
)

// OpenBrowser opens a URL in the system browser. It is a variable so tests and
// `connect --no-browser` can replace it.
var OpenBrowser = browser.OpenURL

func init() {
	// xdg-open and friends chatter on stdout, which `xpmsync connect` keeps for the link
	// and for scripts.
	browser.Stdout = io.Discard
}

// Errors a login can end with. Each reads as a sentence a user can act on.
var (
	ErrAccessDenied  = errors.New("access was not allowed in Xero (the consent page was declined); click Connect to try again")
	ErrStateMismatch = errors.New("the browser returned from a different sign-in attempt than this one, so it was refused; click Connect to start again")
	ErrLoginTimeout  = errors.New("no answer came back from the browser in time; click Connect to try again")
	ErrLoginCanceled = errors.New("connecting was cancelled")
	ErrNoPractice    = errors.New("the Xero login worked, but none of the organisations it can reach has Xero Practice Manager; log in as a user of your practice's XPM and try again")
)

// PortsBusyError says that no loopback port on the list could be opened.
type PortsBusyError struct {
	Ports []int
	Err   error // the last listen error
}

func (e *PortsBusyError) Error() string {
	ps := make([]string, len(e.Ports))
	for i, p := range e.Ports {
		ps[i] = strconv.Itoa(p)
	}
	return fmt.Sprintf("could not listen for Xero's answer: ports %s are all in use by other programs; close them "+
		"or configure other ports (and register http://localhost:PORT/callback for them with Xero)", strings.Join(ps, ", "))
}

func (e *PortsBusyError) Unwrap() error { return e.Err }

// Flow is one login in progress: a loopback listener waiting for the browser to come back
// from Xero's consent page. Call Wait once; Close releases the port early (Cancel).
type Flow struct {
	cfg      Config
	verifier Secret
	state    string
	redirect string
	url      string
	deadline time.Time

	srv       *http.Server
	callbacks chan callback
	done      chan struct{}
	closeOnce sync.Once
	onClose   func()
}

type callback struct {
	code    Secret
	state   string
	errCode string
	errDesc string
	reply   chan error
}

// Begin starts a login: it binds the first free port of cfg.Ports on 127.0.0.1 and builds
// the authorize URL (PKCE S256, random state) whose redirect_uri is
// http://localhost:PORT/callback — Xero accepts plain http only for "localhost".
func Begin(ctx context.Context, cfg Config) (*Flow, error) {
	cfg = cfg.withDefaults()
	if cfg.ClientID == "" {
		return nil, ErrNoClientID
	}
	var (
		lns  []net.Listener
		last error
		port int
	)
	var lc net.ListenConfig
	for _, p := range cfg.Ports {
		ln, err := lc.Listen(ctx, "tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		if err != nil {
			last = err
			continue
		}
		port = ln.Addr().(*net.TCPAddr).Port
		lns = append(lns, ln)
		// Browsers may resolve localhost to ::1 first; listen there too when we can.
		if ln6, err := lc.Listen(ctx, "tcp6", net.JoinHostPort("::1", strconv.Itoa(port))); err == nil {
			lns = append(lns, ln6)
		}
		break
	}
	if len(lns) == 0 {
		return nil, &PortsBusyError{Ports: cfg.Ports, Err: last}
	}

	state, err := randomString(24)
	if err != nil {
		closeAll(lns)
		return nil, err
	}
	f := &Flow{
		cfg:       cfg,
		verifier:  Secret(oauth2.GenerateVerifier()),
		state:     state,
		redirect:  "http://localhost:" + strconv.Itoa(port) + "/callback",
		deadline:  time.Now().Add(cfg.Timeout), // wall clock: it bounds a real wait, whatever cfg.Now says
		callbacks: make(chan callback, 1),
		done:      make(chan struct{}),
	}
	f.url = cfg.oauth2Config(f.redirect).AuthCodeURL(state,
		oauth2.S256ChallengeOption(f.verifier.Reveal()),
		oauth2.SetAuthURLParam("response_mode", "query"))

	mux := http.NewServeMux()
	mux.HandleFunc("/callback", f.handleCallback)
	f.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	for _, ln := range lns {
		go func() { _ = f.srv.Serve(ln) }()
	}
	cfg.Logger.Info("xero login started", "redirect_uri", f.redirect)
	return f, nil
}

func closeAll(lns []net.Listener) {
	for _, ln := range lns {
		_ = ln.Close()
	}
}

func randomString(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("making a random login state: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// String describes the flow without its PKCE verifier.
func (f *Flow) String() string {
	return "auth.Flow{redirect_uri:" + f.redirect + " verifier:" + redacted + "}"
}

// Format prints String under every verb: fmt would print the unexported verifier raw.
func (f *Flow) Format(st fmt.State, _ rune) { _, _ = st.Write([]byte(f.String())) }

// URL is the Xero consent page to open in a browser ("Copy link", connect --no-browser).
func (f *Flow) URL() string { return f.url }

// RedirectURI is the callback address Xero must have registered for this app.
func (f *Flow) RedirectURI() string { return f.redirect }

// Open opens the consent page in the system browser through OpenBrowser.
func (f *Flow) Open() error {
	if err := OpenBrowser(f.url); err != nil {
		return fmt.Errorf("could not open a browser (use Copy link and paste it into one): %w", err)
	}
	return nil
}

// Close stops listening; a Wait in progress returns ErrLoginCanceled. Safe to call twice.
func (f *Flow) Close() {
	f.closeOnce.Do(func() {
		close(f.done)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = f.srv.Shutdown(ctx)
		if f.onClose != nil {
			f.onClose()
		}
	})
}

// Wait waits for the browser to come back, checks state, exchanges the code, and fetches
// the PRACTICEMANAGER connections. It ends the flow whatever the outcome. ctx cancels it;
// the configured timeout (counted from Begin) also ends it.
func (f *Flow) Wait(ctx context.Context) (*Grant, error) {
	defer f.Close()
	ctx, cancel := context.WithDeadline(ctx, f.deadline)
	defer cancel()
	var cb callback
	select {
	case cb = <-f.callbacks:
	case <-f.done:
		return nil, ErrLoginCanceled
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, ErrLoginTimeout
		}
		return nil, ErrLoginCanceled
	}
	g, err := f.finish(ctx, cb)
	cb.reply <- err
	if err != nil {
		f.cfg.Logger.Warn("xero login failed", "err", err)
		return nil, err
	}
	f.cfg.Logger.Info("xero login finished", "grant", g)
	return g, nil
}

func (f *Flow) finish(ctx context.Context, cb callback) (*Grant, error) {
	if subtle.ConstantTimeCompare([]byte(cb.state), []byte(f.state)) != 1 {
		return nil, ErrStateMismatch
	}
	switch cb.errCode {
	case "":
	case "access_denied":
		return nil, ErrAccessDenied
	default:
		msg := cb.errCode
		if cb.errDesc != "" {
			msg += ": " + cb.errDesc
		}
		//lint:ignore ST1005 the sentence starts with the name Xero and is shown as it is
		return nil, fmt.Errorf("Xero refused the sign-in (%s); check the app's client ID and registered redirect URI %s, then click Connect again", msg, f.redirect)
	}
	if cb.code == "" {
		return nil, errors.New("the browser came back without a sign-in code; click Connect to try again")
	}
	tr, err := f.cfg.exchange(ctx, f.redirect, cb.code, f.verifier)
	if err != nil {
		return nil, fmt.Errorf("exchanging the sign-in code with Xero failed; click Connect to try again: %w", err)
	}
	if tr.refresh == "" {
		//lint:ignore ST1005 the sentence starts with the name Xero and is shown as it is
		return nil, errors.New("Xero granted no refresh token (offline_access was not allowed), so the connection could not be kept; click Connect to try again")
	}
	g := &Grant{RefreshToken: tr.refresh, AccessToken: tr.access, Expiry: tr.expiry}
	if claims, ok := parseIDToken(tr.idToken); ok {
		g.Email, g.Name, g.UserID = claims.Email, claims.Name, claims.XeroUserID
	}
	all, err := f.cfg.listConnections(ctx, tr.access)
	if err != nil {
		return nil, fmt.Errorf("the Xero login worked but its practices could not be listed; click Connect to try again: %w", err)
	}
	g.Tenants = PracticeManagerTenants(all)
	if len(g.Tenants) == 0 {
		// Leave no orphaned grant behind at Xero for a login we cannot use.
		if rerr := f.cfg.revoke(ctx, g.RefreshToken); rerr != nil {
			f.cfg.Logger.Warn("could not revoke an unused xero grant", "err", rerr)
		}
		return nil, ErrNoPractice
	}
	return g, nil
}

func (f *Flow) handleCallback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	cb := callback{
		code:    Secret(q.Get("code")),
		state:   q.Get("state"),
		errCode: q.Get("error"),
		errDesc: q.Get("error_description"),
		reply:   make(chan error, 1),
	}
	select {
	case f.callbacks <- cb:
	default:
		writePage(w, http.StatusConflict, false, "This sign-in was already answered. Go back to XPM Sync.")
		return
	}
	select {
	case err := <-cb.reply:
		writeOutcome(w, err)
	case <-f.done:
		// Wait replies and then ends the flow, so both may be ready by now and select picks
		// either: an answer that came is the page to show, not "cancelled".
		select {
		case err := <-cb.reply:
			writeOutcome(w, err)
		default:
			writePage(w, http.StatusGone, false, "This sign-in was cancelled in XPM Sync. Go back to XPM Sync and click Connect to try again.")
		}
	case <-r.Context().Done():
	}
}

// writeOutcome is the browser's page once the sign-in has been answered.
func writeOutcome(w http.ResponseWriter, err error) {
	if err != nil {
		writePage(w, http.StatusBadRequest, false, "XPM Sync could not connect to Xero: "+err.Error())
		return
	}
	writePage(w, http.StatusOK, true, "XPM Sync is connected to Xero. You can close this tab and go back to XPM Sync.")
}
