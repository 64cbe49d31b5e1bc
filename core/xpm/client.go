package xpm

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
)

// DefaultBaseURL is Xero's API host; Config.BaseURL replaces it (the fake, tests).
const DefaultBaseURL = "https://api.xero.com"

// apiPath is where XPM v3.1 lives under the API host.
const apiPath = "/practicemanager/3.1/"

// TokenSource gives the client bearer tokens; core/auth implements it.
type TokenSource interface {
	// Token returns a valid access token (refreshing it when near expiry).
	Token(ctx context.Context) (string, error)
	// Refresh forces a refresh after a 401 TokenExpired; called at most once per request.
	Refresh(ctx context.Context) (string, error)
}

// RetryPolicy bounds the retries of idempotent requests after 5xx, timeouts and truncated
// bodies, and the waits after a 429. Zero fields take the defaults.
type RetryPolicy struct {
	MaxAttempts  int           // attempts per request including the first (0 = 5)
	BaseDelay    time.Duration // first backoff (0 = 500ms); doubles each time, full jitter
	MaxDelay     time.Duration // cap on one backoff (0 = 30s)
	Max429Wait   time.Duration // longest Retry-After the client sits through (0 = 5 min); longer → *RateLimitError
	Max429Tries  int           // 429 waits per request (0 = 8)
	HeaderWait   time.Duration // time allowed for the response headers (0 = 10 min: detailed lists start slowly)
	IdleReadWait time.Duration // longest silence while reading a body (0 = 2 min)
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 5
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 500 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 30 * time.Second
	}
	if p.Max429Wait <= 0 {
		p.Max429Wait = 5 * time.Minute
	}
	if p.Max429Tries <= 0 {
		p.Max429Tries = 8
	}
	if p.HeaderWait <= 0 {
		p.HeaderWait = 10 * time.Minute
	}
	if p.IdleReadWait <= 0 {
		p.IdleReadWait = 2 * time.Minute
	}
	return p
}

// Config configures a Client.
type Config struct {
	BaseURL    string       // scheme+host replacing https://api.xero.com (paths kept); "" = real Xero
	TenantID   string       // xero-tenant-id of the PRACTICEMANAGER connection
	Tokens     TokenSource  // bearer tokens
	HTTPClient *http.Client // nil = a client with dial/TLS timeouts and no total timeout (big lists)
	Limiter    *Limiter     // nil = New makes one (≤5 in flight, ≤60/min per tenant)
	Retry      RetryPolicy  // zero = defaults
	Limits     Limits       // zero = defaults
	Logger     *slog.Logger // nil = slog.Default()
}

// Client talks to one XPM tenant. It is safe for concurrent use.
type Client struct {
	base    string
	tenant  string
	tokens  TokenSource
	hc      *http.Client
	lim     *Limiter
	retry   RetryPolicy
	limits  Limits
	log     *slog.Logger
	userAgt string
}

// New makes a Client from cfg.
func New(cfg Config) *Client {
	base := strings.TrimRight(cfg.BaseURL, "/")
	if base == "" {
		base = DefaultBaseURL
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = defaultHTTPClient()
	}
	lim := cfg.Limiter
	if lim == nil {
		lim = NewLimiter(LimiterConfig{})
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Client{
		base:    base,
		tenant:  cfg.TenantID,
		tokens:  cfg.Tokens,
		hc:      hc,
		lim:     lim,
		retry:   cfg.Retry.withDefaults(),
		limits:  cfg.Limits.withDefaults(),
		log:     log.With("component", "xpm"),
		userAgt: "xpmsync/1 (+https://github.com/xpmsync)",
	}
}

// defaultHTTPClient has no overall timeout, because a detailed list of a large practice takes
// minutes; the request loop enforces a header wait and an idle-read timeout instead.
func defaultHTTPClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   15 * time.Second,
		ExpectContinueTimeout: time.Second,
		MaxIdleConnsPerHost:   DefaultConcurrent,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}}
}

// Allowance is the last rate budget Xero reported for this client's tenant (-1 = unknown).
func (c *Client) Allowance() Allowance { return c.lim.Allowance(c.tenant) }

// TenantID is the tenant this client talks to.
func (c *Client) TenantID() string { return c.tenant }
