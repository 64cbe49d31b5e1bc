// Command xpmsim runs the fake Xero Practice Manager + Xero identity server on one address,
// for demos, manual testing and benchmarks. Run `xpmsim --help` for every flag and fault.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"xpmsync/core/xpmfake"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "xpmsim:", err)
		os.Exit(2)
	}
}

// quirkFlags maps --quirk names to the switches they set, with the words --help shows.
var quirkFlags = map[string]struct {
	set  func(*xpmfake.Quirks)
	help string
}{
	"archive-keeps-modified":    {func(q *xpmfake.Quirks) { q.ArchiveKeepsModified = true }, "archiving does not bump the client's modified time"},
	"delete-keeps-modified":     {func(q *xpmfake.Quirks) { q.DeleteKeepsModified = true }, "deleting does not bump the client's modified time"},
	"contact-edit-bumps-client": {func(q *xpmfake.Quirks) { q.ContactEditBumpsClient = true }, "contact edits bump their clients' modified time"},
	"deleted-hidden-from-list":  {func(q *xpmfake.Quirks) { q.DeletedHiddenFromList = true }, "client.api/list leaves deleted clients out"},
	"deleted-get-error":         {func(q *xpmfake.Quirks) { q.DeletedGetError = true }, "get/{uuid} of a deleted client answers ERROR"},
	"empty-next":                {func(q *xpmfake.Quirks) { q.EmptyNextOnLastPage = true }, "last page carries <Next /> instead of no <Next>"},
	"next-token-element":        {func(q *xpmfake.Quirks) { q.NextTokenElement = true }, "pagination also carries <Tokens><NextToken>"},
	"bad-page-token-400":        {func(q *xpmfake.Quirks) { q.BadPageToken400 = true }, "bad pageToken/pageSize answers HTTP 400 instead of ERROR"},
	"update-replaces":           {func(q *xpmfake.Quirks) { q.UpdateReplaces = true }, "client.api/update clears every field it omits"},
	"merge-archives":            {func(q *xpmfake.Quirks) { q.MergeArchives = true }, "merging archives the losing client instead of deleting it"},
	"merge-removes":             {func(q *xpmfake.Quirks) { q.MergeRemoves = true }, "merging removes the losing client entirely"},
	"merge-keeps-modified":      {func(q *xpmfake.Quirks) { q.MergeKeepsModified = true }, "merging does not bump the loser's modified time"},
	"relationship-embedded":     {func(q *xpmfake.Quirks) { q.RelationshipAsEmbedded = true }, "relationship ops answer <Relationship> not <ClientRelationship>"},
	"allow-loopback-ip":         {func(q *xpmfake.Quirks) { q.AllowLoopbackIP = true }, "accept http://127.0.0.1 redirect URIs"},
	"tenant-named":              {func(q *xpmfake.Quirks) { q.TenantNamed = true }, "/connections gives the practice name instead of null"},
	"gzip":                      {func(q *xpmfake.Quirks) { q.Gzip = true }, "gzip API answers when the request accepts it"},
	"xml-prolog":                {func(q *xpmfake.Quirks) { q.XMLProlog = true }, "XML answers start with an <?xml ...?> prolog"},
}

type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// simFlags are xpmsim's command-line settings.
type simFlags struct {
	addr        *string
	clients     *int
	seed        *int64
	staff       *int
	clientID    *string
	autoApprove *bool
	noPM        *bool
	noLimits    *bool
	accessTTL   *time.Duration
	quiet       *bool

	latency    *time.Duration
	slowWrite  *time.Duration
	rate5xx    *float64
	burst429   *int
	retryAfter *int
	conflict   *int
	truncate   *bool
	malformed  *bool
	dayLimit   *bool
	token5xx   *bool
	expireEach *time.Duration
	revokeAt   *time.Duration
	disconnAt  *time.Duration
	clockShift *time.Duration
	control    *bool

	redirects, quirks listFlag
}

// defineFlags declares every flag on fs.
func defineFlags(fs *flag.FlagSet) *simFlags {
	return &simFlags{
		addr:        fs.String("addr", "127.0.0.1:8090", "address to listen on (port 0 = any free port)"),
		clients:     fs.Int("clients", 500, "number of seeded clients"),
		seed:        fs.Int64("seed", 1, "seed for the practice's data (same seed, same data)"),
		staff:       fs.Int("staff", 0, "number of seeded staff (0 = 5–15 from the seed)"),
		clientID:    fs.String("client-id", "", "accept only this OAuth client_id (default: any)"),
		autoApprove: fs.Bool("auto-approve", false, "skip the consent page: authorize redirects straight back with a code"),
		noPM:        fs.Bool("no-pm-module", false, "turn the practice-management module off (no JobManager, tax fields, relationships)"),
		noLimits:    fs.Bool("no-rate-limits", false, "never answer 429 for the 60/min, 5,000/day, 5-concurrent limits"),
		accessTTL:   fs.Duration("access-ttl", 0, "access token lifetime (default 30m, as Xero)"),
		quiet:       fs.Bool("quiet", false, "do not log each request"),

		latency:    fs.Duration("latency", 0, "FAULT: added delay before every API answer, e.g. 200ms"),
		slowWrite:  fs.Duration("slow-write", 0, "FAULT: pause after every 16 KiB of an API body (slow, chunked answers)"),
		rate5xx:    fs.Float64("rate-5xx", 0, "FAULT: share of API calls answered 500 (XML) or 503 (JSON), 0–1"),
		burst429:   fs.Int("burst-429", 0, "FAULT: the first N API calls answer 429 (X-Rate-Limit-Problem: minute)"),
		retryAfter: fs.Int("retry-after", 1, "FAULT: Retry-After seconds for --burst-429"),
		conflict:   fs.Int("conflict-409", 0, "FAULT: the first N API writes answer 409 Conflict"),
		truncate:   fs.Bool("truncate", false, "FAULT: cut XML bodies in half and drop the connection"),
		malformed:  fs.Bool("malformed", false, "FAULT: corrupt XML bodies in the middle"),
		dayLimit:   fs.Bool("day-limit-exhausted", false, "FAULT: every API call answers 429 (X-Rate-Limit-Problem: day)"),
		token5xx:   fs.Bool("token-5xx", false, "FAULT: /connect/token answers 503"),
		expireEach: fs.Duration("expire-tokens-every", 0, "FAULT: every D, all access tokens issued so far expire (401 TokenExpired)"),
		revokeAt:   fs.Duration("revoke-after", 0, "FAULT: after D, every grant is revoked and the connection removed (refresh → invalid_grant)"),
		disconnAt:  fs.Duration("disconnect-after", 0, "FAULT: after D, the tenant connection is removed (API → 403)"),
		clockShift: fs.Duration("clock-offset", 0, "start the fake's clock shifted by D (e.g. 1440h to meet the 60-day refresh expiry)"),
		control:    fs.Bool("control", false, "serve an admin API at /_xpmsim/control (GET state; POST ?action=expire-tokens|revoke-all|disconnect|advance&by=24h|faults&latency=200ms...)"),
	}
}

// simUsage is the help text: flags, quirks and what the fake serves.
func simUsage(fs *flag.FlagSet, stderr io.Writer) func() {
	return func() {
		fmt.Fprint(stderr, `xpmsim — fake Xero Practice Manager API v3.1 + Xero identity, on one address.

Point the app at the printed base URL; it serves /identity/connect/authorize, /connect/token,
/connect/revocation, /connect/userinfo, /.well-known/openid-configuration, /connections and
/practicemanager/3.1/... . Data is seeded deterministically from --seed.

Usage: xpmsim [flags]

Flags:
`)
		fs.PrintDefaults()
		fmt.Fprint(stderr, "\nQuirks (--quirk name,...):\n")
		names := make([]string, 0, len(quirkFlags))
		for n := range quirkFlags {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(stderr, "  %-26s %s\n", n, quirkFlags[n].help)
		}
		fmt.Fprint(stderr, `
Faults apply to API calls (/practicemanager and /connections). Every answer carries
x-minlimit-remaining, x-daylimit-remaining, x-appminlimit-remaining and xero-correlation-id.
Requests are logged to stderr without query strings, tokens or codes.
`)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("xpmsim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := defineFlags(fs)
	fs.Var(&f.redirects, "redirect-uri", "registered redirect URI, exact match (repeatable or comma-separated; default: any http://localhost:<port>/callback)")
	fs.Var(&f.quirks, "quirk", "behaviour switch for what Xero leaves unstated (repeatable or comma-separated; see below)")
	fs.Usage = simUsage(fs, stderr)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil
		}
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	cfg, err := f.config(logger)
	if err != nil {
		return err
	}
	start := time.Now()
	s := xpmfake.New(cfg)
	s.Clock().Advance(*f.clockShift)
	s.SetFaults(f.faults())
	base, stop, err := serve(s, *f.addr, *f.control)
	if err != nil {
		return err
	}
	defer stop()
	schedule(ctx, *f.expireEach, true, func() { oneShot(s, func(f *xpmfake.Faults) { f.ExpireAccessTokens = true }) })
	schedule(ctx, *f.revokeAt, false, func() { oneShot(s, func(f *xpmfake.Faults) { f.RevokeAll = true }) })
	schedule(ctx, *f.disconnAt, false, func() { oneShot(s, func(f *xpmfake.Faults) { f.Disconnect = true }) })
	st := s.Staff()
	owner := ""
	if len(st) > 0 {
		owner = st[0].Email
	}
	fmt.Fprintf(stdout, "%s\n", base)
	logger.Info("xpmsim ready", "base_url", base, "practice", s.PracticeName(), "tenant_id", s.TenantID(),
		"clients", *f.clients, "staff", len(st), "seed", *f.seed, "signs_in_as", owner, "seeded_in", time.Since(start).Round(time.Millisecond))
	<-ctx.Done()
	logger.Info("xpmsim stopping")
	return nil
}

// config is the fake's practice and sign-in settings.
func (f *simFlags) config(logger *slog.Logger) (xpmfake.Config, error) {
	var q xpmfake.Quirks
	for _, n := range f.quirks {
		qf, ok := quirkFlags[n]
		if !ok {
			return xpmfake.Config{}, fmt.Errorf("unknown --quirk %q (see --help)", n)
		}
		qf.set(&q)
	}
	if *f.rate5xx < 0 || *f.rate5xx > 1 {
		return xpmfake.Config{}, fmt.Errorf("--rate-5xx must be between 0 and 1, got %v", *f.rate5xx)
	}
	cfg := xpmfake.Config{
		Clients: *f.clients, Seed: *f.seed, Staff: *f.staff, ClientID: *f.clientID, AutoApprove: *f.autoApprove,
		DisableRateLimits: *f.noLimits, PMModule: !*f.noPM, AccessTokenTTL: *f.accessTTL, Quirks: q,
	}
	if len(f.redirects) > 0 {
		cfg.RedirectURIs = f.redirects
	}
	if !*f.quiet {
		cfg.Logger = logger
	}
	return cfg, nil
}

// faults are the misbehaviours switched on from the start.
func (f *simFlags) faults() xpmfake.Faults {
	return xpmfake.Faults{Latency: *f.latency, SlowWrite: *f.slowWrite, Rate5xx: *f.rate5xx, Burst429: *f.burst429,
		RetryAfter: *f.retryAfter, Conflict409: *f.conflict, TruncateXML: *f.truncate, MalformedXML: *f.malformed,
		DayLimitExhausted: *f.dayLimit, TokenEndpoint5xx: *f.token5xx}
}

// serve listens on addr and serves the fake (and its control API when asked) until stop.
func serve(s *xpmfake.Server, addr string, control bool) (base string, stop func(), err error) {
	mux := http.NewServeMux()
	mux.Handle("/", s.Handler())
	if control {
		mux.Handle("/_xpmsim/control", s.ControlHandler())
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// oneShot applies a one-time fault without disturbing the faults in force.
func oneShot(s *xpmfake.Server, set func(*xpmfake.Faults)) {
	f := s.Faults()
	set(&f)
	s.SetFaults(f)
	slog.Info("xpmsim: fault applied")
}

// schedule runs fn after d (every d when repeat) until ctx ends; d <= 0 does nothing.
func schedule(ctx context.Context, d time.Duration, repeat bool, fn func()) {
	if d <= 0 {
		return
	}
	go func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				fn()
				if !repeat {
					return
				}
			}
		}
	}()
}
