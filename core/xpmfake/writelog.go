package xpmfake

import (
	"bytes"
	"io"
	"net/http"
	"time"
)

// Write is one API write the fake answered (anything but GET), in the order served. Tests read
// it to prove that a change reached XPM exactly once, even across crashes of the client.
type Write struct {
	At     time.Time
	Method string
	Op     string // the path after /practicemanager/3.1/, e.g. "client.api/contact"
	Query  string // the raw query, e.g. "clientUuid=…"
	Body   string
	OK     bool // XPM applied it (<Status>OK</Status>); false = it answered ERROR
}

// maxLoggedBody bounds what one write keeps of its request body.
const maxLoggedBody = 64 << 10

// Writes returns a copy of the write log.
func (s *Server) Writes() []Write {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return append([]Write(nil), s.writes...)
}

// captureBody reads a write's body so the handler and the log both see it.
func captureBody(r *http.Request) string {
	if r.Method == http.MethodGet || r.Body == nil {
		return ""
	}
	b, _ := io.ReadAll(io.LimitReader(r.Body, maxLoggedBody))
	r.Body = io.NopCloser(bytes.NewReader(b))
	return string(b)
}

// logWrite records a write once its handler has answered.
func (s *Server) logWrite(c *call, op, body string) {
	if c.r.Method == http.MethodGet {
		return
	}
	w := Write{At: s.clock.Now(), Method: c.r.Method, Op: op, Query: c.r.URL.RawQuery, Body: body, OK: !c.failed}
	s.wmu.Lock()
	s.writes = append(s.writes, w)
	s.wmu.Unlock()
}

// BaseURL is the address a server started with Start serves on ("" before Start), so a child
// process can be pointed at the same fake.
func (s *Server) BaseURL() string {
	if s.ln == nil {
		return ""
	}
	return "http://" + s.ln.Addr().String()
}
