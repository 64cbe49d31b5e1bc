package auth

import (
	"errors"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"
)

// BuildClientID is the Xero client ID baked in at build time:
// go build -ldflags "-X xpmsync/core/auth.BuildClientID=…". A PKCE app has no secret, so
// the ID is not confidential.
var BuildClientID string

// ClientIDEnv is the environment variable that overrides the built-in client ID.
const ClientIDEnv = "XPMSYNC_CLIENT_ID"

// DefaultPorts are the loopback ports tried in order; the practice registers
// http://localhost:PORT/callback for each with Xero, which matches redirect URIs exactly.
var DefaultPorts = []int{5050, 5051, 5052}

// DefaultScopes are what a client+staff sync needs, plus identity and a refresh token.
const DefaultScopes = "openid profile email offline_access practicemanager.client practicemanager.staff"

// DefaultTimeout bounds how long the login waits for the browser to come back.
const DefaultTimeout = 5 * time.Minute

// ErrNoClientID means no Xero client ID was configured anywhere.
var ErrNoClientID = errors.New("no Xero client ID is set: enter the app's client ID in Settings " +
	"or set " + ClientIDEnv + " (it comes from the app registered at developer.xero.com)")

// ResolveClientID picks the client ID from, in order, the setting, XPMSYNC_CLIENT_ID and
// the build flag; "" when none is set.
func ResolveClientID(setting string) string {
	if s := strings.TrimSpace(setting); s != "" {
		return s
	}
	if s := strings.TrimSpace(os.Getenv(ClientIDEnv)); s != "" {
		return s
	}
	return strings.TrimSpace(BuildClientID)
}

// Config says which Xero app to act as and where Xero is. Zero fields take defaults.
type Config struct {
	ClientID  string
	Ports     []int    // loopback ports to try in order; 0 lets the OS pick (tests only: Xero needs exact URIs)
	Scopes    []string // default DefaultScopes
	Endpoints Endpoints
	Timeout   time.Duration // how long Wait waits for the browser; default DefaultTimeout

	HTTPClient *http.Client     // for token/connections calls; default http.DefaultClient with a timeout
	Now        func() time.Time // clock for token expiry and grace decisions; default time.Now
	Logger     *slog.Logger     // default slog.Default()
}

func (c Config) withDefaults() Config {
	if len(c.Ports) == 0 {
		c.Ports = DefaultPorts
	}
	if len(c.Scopes) == 0 {
		c.Scopes = strings.Fields(DefaultScopes)
	}
	if c.Endpoints == (Endpoints{}) {
		c.Endpoints = XeroEndpoints("")
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 60 * time.Second}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// recordKey names the keychain entry for this Xero: the real one keeps a fixed name, a
// fake is keyed by its host so a test server never overwrites the real connection.
func (c Config) recordKey() string {
	if c.Endpoints.IsRealXero() || c.Endpoints == (Endpoints{}) {
		return "connection"
	}
	host := c.Endpoints.Token
	if i := strings.Index(host, "://"); i >= 0 {
		host = host[i+3:]
	}
	if i := strings.Index(host, "/"); i >= 0 {
		host = host[:i]
	}
	return "connection@" + host
}
