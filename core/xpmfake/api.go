package xpmfake

import (
	"compress/gzip"
	"net/http"
	"slices"
	"strings"
	"time"
)

const apiPrefix = "/practicemanager/3.1/"

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/identity/connect/authorize", s.authorize)
	mux.HandleFunc("/connect/token", s.token)
	mux.HandleFunc("/connect/revocation", s.revocation)
	mux.HandleFunc("/connect/userinfo", s.userinfo)
	mux.HandleFunc("/.well-known/openid-configuration", s.discovery)
	mux.HandleFunc("/.well-known/openid-configuration/jwks", s.jwksHandler)
	mux.HandleFunc("/connections", s.connections)
	mux.HandleFunc("/connections/", s.connections)
	mux.HandleFunc(apiPrefix, s.api)
	return s.logRequests(mux)
}

// logRequests writes one line per request: method, path and status, never the query's
// tokens or codes (the path carries none; the query is left out entirely).
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			s.log.Info("xpmfake", "method", r.Method, "path", r.URL.Path, "status", sw.status,
				"bytes", sw.bytes, "ms", time.Since(start).Milliseconds())
		}()
		next.ServeHTTP(sw, r)
	})
}

type scopeNeed int

const (
	needClientRead scopeNeed = iota
	needClientWrite
	needStaffRead
	needStaffWrite
)

var scopeSets = map[scopeNeed][]string{
	needClientRead:  {"practicemanager.client", "practicemanager.client.read", "practicemanager", "practicemanager.read"},
	needClientWrite: {"practicemanager.client", "practicemanager"},
	needStaffRead:   {"practicemanager.staff", "practicemanager.staff.read", "practicemanager", "practicemanager.read"},
	needStaffWrite:  {"practicemanager.staff", "practicemanager"},
}

// call is one routed API request.
type call struct {
	w    http.ResponseWriter
	r    *http.Request
	id   string // the {uuid} path segment, if any
	name string // api-method attribute value

	failed bool // answered <Status>ERROR</Status>
}

type route struct {
	method string
	need   scopeNeed
	name   string
	h      func(*Server, *call)
}

// findRoute maps "client.api/get/{uuid}" and friends to a handler.
func findRoute(method, path string) (route, string, bool, bool) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	key, id := "", ""
	switch {
	case len(parts) == 2:
		key = parts[0] + "/" + parts[1]
	case len(parts) == 3 && parts[1] != "client":
		key, id = parts[0]+"/"+parts[1]+"/*", parts[2]
	case len(parts) == 4 && parts[0] == "client.api" && parts[1] == "client" && parts[3] == "contacts":
		key, id = "client.api/client/*/contacts", parts[2]
	default:
		return route{}, "", false, false
	}
	rs, ok := apiRoutes[key]
	if !ok {
		return route{}, "", false, false
	}
	for _, rt := range rs {
		if rt.method == method {
			return rt, id, true, true
		}
	}
	return route{}, "", true, false
}

var apiRoutes = map[string][]route{
	"client.api/list":               {{"GET", needClientRead, "List", (*Server).clientList}},
	"client.api/paged-list":         {{"GET", needClientRead, "List", (*Server).clientPagedList}},
	"client.api/search":             {{"GET", needClientRead, "Search", (*Server).clientSearch}},
	"client.api/get/*":              {{"GET", needClientRead, "Get", (*Server).clientGet}},
	"client.api/add":                {{"POST", needClientWrite, "Add", (*Server).clientAdd}},
	"client.api/update":             {{"PUT", needClientWrite, "Update", (*Server).clientUpdate}},
	"client.api/archive":            {{"PUT", needClientWrite, "Archive", (*Server).clientArchive}},
	"client.api/delete":             {{"POST", needClientWrite, "Delete", (*Server).clientDelete}},
	"client.api/contacts":           {{"GET", needClientRead, "Contact", (*Server).contactList}},
	"client.api/contact":            {{"POST", needClientWrite, "Contact", (*Server).contactAdd}},
	"client.api/client/*/contacts":  {{"POST", needClientWrite, "Contact", (*Server).contactLinkMany}},
	"client.api/addrelationship":    {{"POST", needClientWrite, "Relationship", (*Server).relAdd}},
	"client.api/updaterelationship": {{"PUT", needClientWrite, "Relationship", (*Server).relUpdate}},
	"client.api/deleterelationship": {{"POST", needClientWrite, "Relationship", (*Server).relDelete}},
	"clientgroup.api/list":          {{"GET", needClientRead, "List", (*Server).groupList}},
	"clientgroup.api/get/*":         {{"GET", needClientRead, "Get", (*Server).groupGet}},
	"clientgroup.api/add":           {{"POST", needClientWrite, "Add", (*Server).groupAdd}},
	"clientgroup.api/members":       {{"PUT", needClientWrite, "Members", (*Server).groupMembers}},
	"clientgroup.api/delete":        {{"POST", needClientWrite, "Delete", (*Server).groupDelete}},
	"staff.api/list":                {{"GET", needStaffRead, "List", (*Server).staffList}},
	"staff.api/get/*":               {{"GET", needStaffRead, "Get", (*Server).staffGet}},
	"staff.api/add":                 {{"POST", needStaffWrite, "Get", (*Server).staffAdd}},
	"staff.api/update":              {{"PUT", needStaffWrite, "Update", (*Server).staffUpdate}},
	"staff.api/delete":              {{"POST", needStaffWrite, "Delete", (*Server).staffDelete}},
	"client.api/contact/*": {
		{"GET", needClientRead, "Contact", (*Server).contactGet},
		{"PUT", needClientWrite, "Contact", (*Server).contactUpdate},
		{"DELETE", needClientWrite, "Contact", (*Server).contactDelete},
	},
}

// api is the gateway in front of XPM: auth, tenant, limits, faults, then the XPM handler.
func (s *Server) api(w http.ResponseWriter, r *http.Request) {
	s.calls.Add(1)
	corr := newCorrelationID()
	h := w.Header()
	h.Set("xero-correlation-id", corr)
	s.fmu.Lock()
	f := s.faults
	s.fmu.Unlock()

	g, problem := s.bearer(r)
	if g == nil {
		setLimitHeaders(h, s.limitsSnapshot())
		unauthorized(w, problem, corr)
		return
	}
	tenant := r.Header.Get("Xero-Tenant-Id")
	if tenant == "" || tenant != s.tenantID || !s.auth.isConnected() {
		setLimitHeaders(h, s.limitsSnapshot())
		problemJSON(w, http.StatusForbidden, "Forbidden", "AuthenticationUnsuccessful", corr)
		return
	}
	rt, id, known, ok := findRoute(r.Method, strings.TrimPrefix(r.URL.Path, apiPrefix))
	if !ok {
		setLimitHeaders(h, s.limitsSnapshot())
		if known {
			problemJSON(w, http.StatusMethodNotAllowed, "Method Not Allowed", "The requested resource does not support http method '"+r.Method+"'.", corr)
		} else {
			problemJSON(w, http.StatusNotFound, "Not Found", "No HTTP resource was found that matches the request URI.", corr)
		}
		return
	}
	if !slices.ContainsFunc(scopeSets[rt.need], g.has) {
		setLimitHeaders(h, s.limitsSnapshot())
		h.Set("www-authenticate", `Bearer error="insufficient_scope"`)
		problemJSON(w, http.StatusUnauthorized, "Unauthorized", "AuthorizationUnsuccessful", corr)
		return
	}
	if f.Burst429 > 0 && s.takeBurst() {
		lr := s.limitsSnapshot()
		lr.minRem = 0
		setLimitHeaders(h, lr)
		tooMany(w, "minute", max(1, f.RetryAfter))
		return
	}
	lr := s.limits.acquire(s.clock.Now(), !s.cfg.DisableRateLimits, f.DayLimitExhausted)
	setLimitHeaders(h, lr)
	if lr.problem != "" {
		tooMany(w, lr.problem, lr.retryAfter)
		return
	}
	defer s.limits.release()
	s.applyLatency(r)
	if f.Rate5xx > 0 && s.roll(f.Rate5xx) {
		if s.roll(0.5) {
			problemJSON(w, http.StatusServiceUnavailable, "Unavailable", "ServiceNotAvailable", corr)
		} else {
			w.Header().Set("Content-Type", "text/xml; charset=utf-8")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`<Response api-method="` + rt.name + `"><Status>ERROR</Status><ErrorDescription>An unexpected error has occurred</ErrorDescription></Response>`))
		}
		return
	}
	if rt.method != http.MethodGet && f.Conflict409 > 0 && s.takeConflict() {
		problemJSON(w, http.StatusConflict, "Conflict", "The record was changed by another user. Reload it and try again.", corr)
		return
	}
	if s.quirks().Gzip && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		gz := gzip.NewWriter(w)
		defer gz.Close()
		h.Set("Content-Encoding", "gzip")
		h.Add("Vary", "Accept-Encoding")
		w = gzipWriter{ResponseWriter: w, gz: gz}
	}
	bw := &bodyFaultWriter{ResponseWriter: w, buffer: f.TruncateXML || f.MalformedXML, slow: f.SlowWrite, reqDone: r.Context().Done()}
	op, body := strings.TrimPrefix(r.URL.Path, apiPrefix), captureBody(r)
	c := &call{w: bw, r: r, id: id, name: rt.name}
	rt.h(s, c)
	s.logWrite(c, op, body)
	bw.finish(f.TruncateXML, f.MalformedXML)
}

// gzipWriter compresses an API body (Quirks.Gzip).
type gzipWriter struct {
	http.ResponseWriter
	gz *gzip.Writer
}

func (g gzipWriter) Write(b []byte) (int, error) { return g.gz.Write(b) }

func (g gzipWriter) Flush() {
	_ = g.gz.Flush()
	if f, ok := g.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *Server) limitsSnapshot() limitResult {
	l := s.limits
	l.mu.Lock()
	defer l.mu.Unlock()
	now := s.clock.Now()
	l.minute = prune(l.minute, now.Add(-time.Minute))
	l.day = prune(l.day, now.Add(-24*time.Hour))
	return limitResult{minRem: max(0, minuteLimit-len(l.minute)), dayRem: max(0, dayLimit-len(l.day)),
		appRem: max(0, appMinuteLimit-len(l.minute))}
}

func (s *Server) takeBurst() bool {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	if s.faults.Burst429 <= 0 {
		return false
	}
	s.faults.Burst429--
	return true
}

func (s *Server) takeConflict() bool {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	if s.faults.Conflict409 <= 0 {
		return false
	}
	s.faults.Conflict409--
	return true
}

func (s *Server) roll(p float64) bool {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	return s.dice.Float64() < p
}

// --- XML envelope ---

// begin starts an OK answer: <Response api-method="…"><Status>OK</Status>.
func (s *Server) begin(c *call) *xw {
	c.w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	x := newXW(c.w)
	if s.quirks().XMLProlog {
		x.raw(`<?xml version="1.0" encoding="utf-8"?>`)
	}
	x.raw(`<Response api-method="` + c.name + `">`)
	x.el("Status", "OK")
	return x
}

func (s *Server) end(x *xw) {
	x.close("Response")
	_ = x.flush()
}

// fail answers an XPM application error: HTTP 200 with <Status>ERROR</Status>.
func (s *Server) fail(c *call, desc string) {
	c.failed = true
	c.w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	x := newXW(c.w)
	if s.quirks().XMLProlog {
		x.raw(`<?xml version="1.0" encoding="utf-8"?>`)
	}
	x.raw(`<Response api-method="` + c.name + `">`)
	x.el("Status", "ERROR")
	x.el("ErrorDescription", desc)
	x.close("Response")
	_ = x.flush()
}

// okOnly answers a bare <Status>OK</Status>.
func (s *Server) okOnly(c *call) {
	s.end(s.begin(c))
}

// readBody parses the request's XML and checks its root element.
func (s *Server) readBody(c *call, root string) (*node, bool) {
	n, err := parseBody(c.r.Body)
	if err != nil {
		s.fail(c, "Invalid XML: the request body could not be read")
		return nil, false
	}
	if n.Name != root {
		s.fail(c, "Invalid request: expected a <"+root+"> element")
		return nil, false
	}
	return n, true
}
