package xpmfake

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Config sets up a fake server. The zero value is a practice with no clients that accepts any
// client ID and any http://localhost:<port>/callback redirect URI.
type Config struct {
	Clients           int      // seeded client count (0 = none)
	Seed              int64    // makes seeded data (and fault dice) deterministic
	Staff             int      // seeded staff count; 0 = 5–15 picked from the seed
	ClientID          string   // "" = accept any client_id
	AutoApprove       bool     // authorize redirects straight back with a code, no consent page
	RedirectURIs      []string // registered redirect URIs, matched exactly; nil = any http://localhost:<port>/callback
	DisableRateLimits bool     // never answer 429 for limits (headers are still sent)
	PMModule          bool     // practice-management module on: JobManager, tax fields, relationships
	Now               func() time.Time
	// AccessTokenTTL shortens access tokens for manual testing; 0 = 30 minutes as Xero issues them.
	AccessTokenTTL time.Duration
	// Quirks chooses between plausible answers where Xero's behaviour is not public
	// (read at New; change later with SetQuirks).
	Quirks Quirks
	// Logger receives one line per request (never tokens, codes or verifiers); nil = silent.
	Logger *slog.Logger
}

// Quirks are switches for behaviour the public material leaves open (addendum §1–§8).
// The zero value is the fake's strict default.
type Quirks struct {
	ArchiveKeepsModified   bool // archiving does not bump the client's modified time
	DeleteKeepsModified    bool // deleting does not bump the client's modified time
	ContactEditBumpsClient bool // contact edits/links bump the modified time of their clients
	DeletedHiddenFromList  bool // client.api/list leaves deleted clients out
	DeletedGetError        bool // get/{uuid} of a deleted client answers ERROR
	EmptyNextOnLastPage    bool // last page carries <Next /> instead of no <Next>
	NextTokenElement       bool // also emit <Tokens><NextToken> (draft PR #706 shape)
	BadPageToken400        bool // bad pageToken / pageSize → HTTP 400 instead of 200 + ERROR
	UpdateReplaces         bool // client.api/update clears every writable field it omits
	MergeArchives          bool // MergeClients archives the loser instead of deleting it
	MergeRemoves           bool // MergeClients removes the loser entirely
	MergeKeepsModified     bool // MergeClients does not bump the loser's modified time
	RelationshipAsEmbedded bool // relationship ops answer <Relationship> (embedded shape)
	AllowLoopbackIP        bool // accept http://127.0.0.1 / [::1] redirect URIs
	TenantNamed            bool // /connections gives the practice name instead of null
	XMLProlog              bool // start XML answers with <?xml version="1.0" encoding="utf-8"?>
	Gzip                   bool // gzip API answers when the request accepts it
}

// Faults are failures injected into API calls (practicemanager and connections).
type Faults struct {
	Latency            time.Duration // added before every API answer
	SlowWrite          time.Duration // pause after every 16 KiB of an API body (slow, chunked)
	Rate5xx            float64       // share of API calls answered 500 (XML) or 503 (JSON)
	Burst429           int           // the next N API calls answer 429 minute
	RetryAfter         int           // Retry-After seconds for Burst429 (0 = 1)
	Conflict409        int           // the next N API writes answer 409 with a JSON Detail
	TruncateXML        bool          // cut XML bodies in half and drop the connection
	MalformedXML       bool          // corrupt XML bodies in the middle
	ExpireAccessTokens bool          // one-shot: every access token issued so far is expired
	RevokeAll          bool          // one-shot: every grant is revoked (refresh → invalid_grant)
	Disconnect         bool          // one-shot: the tenant connection is removed (API → 403)
	DayLimitExhausted  bool          // every API call answers 429 day
	TokenEndpoint5xx   bool          // /connect/token answers 503
}

// Server is one fake XPM practice plus the Xero identity service in front of it.
type Server struct {
	cfg   Config
	clock *Clock
	log   *slog.Logger

	mu sync.RWMutex // guards d and seq
	d  *data

	auth *authState

	fmu      sync.Mutex
	faults   Faults
	dice     *rand.Rand
	calls    atomic.Int64
	limits   *limiter
	pages    *pageStore
	tenantID string
	connID   string
	user     fakeUser
	practice string

	quirkp atomic.Pointer[Quirks]

	wmu    sync.Mutex
	writes []Write

	srv *http.Server
	ln  net.Listener
}

// New builds a server and seeds it from cfg. It does not listen; use Handler or Start.
func New(cfg Config) *Server {
	s := &Server{cfg: cfg, clock: newClock(cfg.Now), log: cfg.Logger}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	q := cfg.Quirks
	s.quirkp.Store(&q)
	s.dice = rand.New(rand.NewPCG(uint64(cfg.Seed), 0x5eed))
	s.limits = newLimiter()
	s.pages = newPageStore()
	seedData(s)
	s.auth = newAuthState(s)
	return s
}

// Handler returns the HTTP handler serving every Xero path.
func (s *Server) Handler() http.Handler { return s.routes() }

// Start listens on addr (e.g. "127.0.0.1:0") and serves in the background. It returns the
// base URL to point a client at, e.g. "http://127.0.0.1:43121".
func (s *Server) Start(addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("xpmfake: listen on %s: %w", addr, err)
	}
	s.ln = ln
	s.srv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("xpmfake: serve", "err", err)
		}
	}()
	return "http://" + ln.Addr().String(), nil
}

// Close stops a server started with Start, interrupting calls in flight.
func (s *Server) Close() error {
	if s.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		_ = s.srv.Close()
	}
	return nil
}

// Clock returns the movable clock behind tokens, modified times and rate windows.
func (s *Server) Clock() *Clock { return s.clock }

// SetFaults replaces the injected faults. ExpireAccessTokens, RevokeAll and Disconnect act
// once, at this call, on what exists now; tokens issued afterwards work.
func (s *Server) SetFaults(f Faults) {
	if f.ExpireAccessTokens {
		s.auth.expireAllAccess()
		f.ExpireAccessTokens = false
	}
	if f.RevokeAll {
		s.auth.revokeAll()
		f.RevokeAll = false
	}
	if f.Disconnect {
		s.auth.disconnect()
		f.Disconnect = false
	}
	s.fmu.Lock()
	s.faults = f
	s.fmu.Unlock()
}

// Faults returns the faults in force (one-shot actions already applied read as false).
func (s *Server) Faults() Faults {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	return s.faults
}

// SetQuirks replaces the behaviour switches at run time.
func (s *Server) SetQuirks(q Quirks) { s.quirkp.Store(&q) }

// quirks is lock-free so it can be read while s.mu is held.
func (s *Server) quirks() Quirks { return *s.quirkp.Load() }

// Calls counts API calls served (practicemanager and connections), for benchmarks.
func (s *Server) Calls() int64 { return s.calls.Load() }

// TenantID is the practice's tenant ID, as /connections gives it.
func (s *Server) TenantID() string { return s.tenantID }

// ConnectionID is the connection's id in /connections (used by DELETE /connections/{id}).
func (s *Server) ConnectionID() string { return s.connID }

// PracticeName is the seeded practice's name.
func (s *Server) PracticeName() string { return s.practice }
