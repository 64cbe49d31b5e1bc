package xpmfake

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Gateway limits per tenant and per app (reference §5).
const (
	minuteLimit    = 60
	dayLimit       = 5000
	concurrentMax  = 5
	appMinuteLimit = 10000
)

func newCorrelationID() string {
	b := []byte(randToken(16))
	// Xero's correlation ids look like UUIDs; the shape is all a client may log.
	h := make([]byte, 0, 36)
	const hex = "0123456789abcdef"
	for i := 0; len(h) < 36; i++ {
		if len(h) == 8 || len(h) == 13 || len(h) == 18 || len(h) == 23 {
			h = append(h, '-')
			continue
		}
		h = append(h, hex[b[i%len(b)]%16])
	}
	return string(h)
}

// problemJSON writes a gateway error the way Xero's gateway does (ASP.NET problem details).
func problemJSON(w http.ResponseWriter, status int, title, detail, corr string) {
	body, _ := json.Marshal(map[string]any{"Type": nil, "Title": title, "Status": status, "Detail": detail,
		"Instance": corr, "Extensions": map[string]any{}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func unauthorized(w http.ResponseWriter, detail, corr string) {
	w.Header().Set("www-authenticate", `Bearer error="invalid_token"`)
	problemJSON(w, http.StatusUnauthorized, "Unauthorized", detail, corr)
}

// limiter enforces the per-tenant minute, day and concurrency limits over the fake's clock.
type limiter struct {
	mu       sync.Mutex
	minute   []time.Time
	day      []time.Time
	inflight int
}

func newLimiter() *limiter { return &limiter{} }

type limitResult struct {
	problem    string // "" = admitted; else minute|day|concurrent
	retryAfter int
	minRem     int
	dayRem     int
	appRem     int
}

func prune(ts []time.Time, cutoff time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(cutoff) {
		i++
	}
	return ts[i:]
}

func ceilSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

// acquire admits one call (counting it) or says which limit refused it.
func (l *limiter) acquire(now time.Time, enforce, dayExhausted bool) limitResult {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.minute = prune(l.minute, now.Add(-time.Minute))
	l.day = prune(l.day, now.Add(-24*time.Hour))
	res := limitResult{}
	switch {
	case dayExhausted:
		res.problem, res.retryAfter = "day", 66975
		if len(l.day) > 0 {
			res.retryAfter = ceilSeconds(l.day[0].Add(24 * time.Hour).Sub(now))
		}
	case enforce && len(l.day) >= dayLimit:
		res.problem, res.retryAfter = "day", ceilSeconds(l.day[0].Add(24*time.Hour).Sub(now))
	case enforce && len(l.minute) >= minuteLimit:
		res.problem, res.retryAfter = "minute", ceilSeconds(l.minute[0].Add(time.Minute).Sub(now))
	case enforce && l.inflight >= concurrentMax:
		res.problem, res.retryAfter = "concurrent", 1
	default:
		if enforce {
			l.minute = append(l.minute, now)
			l.day = append(l.day, now)
		}
		l.inflight++
	}
	res.minRem = max(0, minuteLimit-len(l.minute))
	res.dayRem = max(0, dayLimit-len(l.day))
	if res.problem == "day" {
		res.dayRem = 0
	}
	res.appRem = max(0, appMinuteLimit-len(l.minute))
	return res
}

func (l *limiter) release() {
	l.mu.Lock()
	l.inflight--
	l.mu.Unlock()
}

func setLimitHeaders(h http.Header, lr limitResult) {
	h.Set("x-minlimit-remaining", strconv.Itoa(lr.minRem))
	h.Set("x-daylimit-remaining", strconv.Itoa(lr.dayRem))
	h.Set("x-appminlimit-remaining", strconv.Itoa(lr.appRem))
}

func tooMany(w http.ResponseWriter, problem string, retryAfter int) {
	w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
	w.Header().Set("X-Rate-Limit-Problem", problem)
	w.WriteHeader(http.StatusTooManyRequests)
}

func (s *Server) applyLatency(r *http.Request) {
	s.fmu.Lock()
	d := s.faults.Latency
	s.fmu.Unlock()
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

// statusWriter records the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// bodyFaultWriter buffers a body to truncate or corrupt it, or slows it down.
type bodyFaultWriter struct {
	http.ResponseWriter
	buffer  bool
	buf     bytes.Buffer
	status  int
	slow    time.Duration
	pending int
	reqDone <-chan struct{}
}

func (w *bodyFaultWriter) WriteHeader(code int) {
	if w.buffer {
		w.status = code
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *bodyFaultWriter) Write(b []byte) (int, error) {
	if w.buffer {
		return w.buf.Write(b)
	}
	if w.slow <= 0 {
		return w.ResponseWriter.Write(b)
	}
	written := 0
	for len(b) > 0 {
		chunk := min(len(b), 16<<10-w.pending)
		n, err := w.ResponseWriter.Write(b[:chunk])
		written += n
		if err != nil {
			return written, err
		}
		w.pending += n
		b = b[chunk:]
		if w.pending >= 16<<10 {
			w.pending = 0
			if f, ok := w.ResponseWriter.(http.Flusher); ok {
				f.Flush()
			}
			select {
			case <-time.After(w.slow):
			case <-w.reqDone:
				return written, http.ErrAbortHandler
			}
		}
	}
	return written, nil
}

// finish sends a buffered body, truncated (then the connection is dropped) or corrupted.
func (w *bodyFaultWriter) finish(truncate, malformed bool) {
	if !w.buffer {
		return
	}
	body := w.buf.Bytes()
	isXML := bytes.HasPrefix(bytes.TrimSpace(body), []byte("<"))
	status := w.status
	if status == 0 {
		status = http.StatusOK
	}
	switch {
	case isXML && truncate:
		w.ResponseWriter.Header().Del("Content-Length")
		w.ResponseWriter.WriteHeader(status)
		_, _ = w.ResponseWriter.Write(body[:len(body)/2])
		if f, ok := w.ResponseWriter.(http.Flusher); ok {
			f.Flush()
		}
		panic(http.ErrAbortHandler)
	case isXML && malformed:
		mid := len(body) / 2
		out := append(append(append([]byte{}, body[:mid]...), "<Broken&attr=<"...), body[mid:]...)
		w.ResponseWriter.WriteHeader(status)
		_, _ = w.ResponseWriter.Write(out)
	default:
		w.ResponseWriter.WriteHeader(status)
		_, _ = w.ResponseWriter.Write(body)
	}
}
