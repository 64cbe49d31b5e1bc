package xpmfake

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// ControlHandler serves a small admin API for driving a running fake by hand (xpmsim
// --control): POST with ?action=expire-tokens|revoke-all|disconnect|advance&by=24h|faults
// (faults takes the Faults fields as query parameters, e.g. latency=200ms&rate5xx=0.1).
// GET answers the clock and faults in force. It is not part of Xero's surface.
func (s *Server) ControlHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			if msg := s.control(r); msg != "" {
				http.Error(w, msg, http.StatusBadRequest)
				return
			}
		} else if r.Method != http.MethodGet {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		f := s.Faults()
		writeJSON(w, http.StatusOK, map[string]any{"now": s.clock.Now().Format(time.RFC3339), "calls": s.Calls(),
			"faults": map[string]any{"latency": f.Latency.String(), "slowWrite": f.SlowWrite.String(), "rate5xx": f.Rate5xx,
				"burst429": f.Burst429, "conflict409": f.Conflict409, "truncateXML": f.TruncateXML,
				"malformedXML": f.MalformedXML, "dayLimitExhausted": f.DayLimitExhausted, "tokenEndpoint5xx": f.TokenEndpoint5xx}})
	})
}

func (s *Server) control(r *http.Request) string {
	q := r.URL.Query()
	f := s.Faults()
	switch q.Get("action") {
	case "expire-tokens":
		f.ExpireAccessTokens = true
	case "revoke-all":
		f.RevokeAll = true
	case "disconnect":
		f.Disconnect = true
	case "advance":
		d, err := time.ParseDuration(q.Get("by"))
		if err != nil {
			return "advance needs by=<duration>, e.g. by=24h"
		}
		s.clock.Advance(d)
		return ""
	case "faults":
		var err error
		dur := func(k string, dst *time.Duration) {
			if v := q.Get(k); v != "" && err == nil {
				*dst, err = time.ParseDuration(v)
			}
		}
		num := func(k string, dst *int) {
			if v := q.Get(k); v != "" && err == nil {
				*dst, err = strconv.Atoi(v)
			}
		}
		flag := func(k string, dst *bool) {
			if v := q.Get(k); v != "" && err == nil {
				*dst, err = strconv.ParseBool(v)
			}
		}
		dur("latency", &f.Latency)
		dur("slowWrite", &f.SlowWrite)
		if v := q.Get("rate5xx"); v != "" {
			f.Rate5xx, err = strconv.ParseFloat(v, 64)
		}
		num("burst429", &f.Burst429)
		num("retryAfter", &f.RetryAfter)
		num("conflict409", &f.Conflict409)
		flag("truncateXML", &f.TruncateXML)
		flag("malformedXML", &f.MalformedXML)
		flag("dayLimitExhausted", &f.DayLimitExhausted)
		flag("tokenEndpoint5xx", &f.TokenEndpoint5xx)
		if err != nil {
			return "bad fault value: " + err.Error()
		}
	default:
		b, _ := json.Marshal([]string{"expire-tokens", "revoke-all", "disconnect", "advance", "faults"})
		return "unknown action; one of " + string(b)
	}
	s.SetFaults(f)
	return ""
}
