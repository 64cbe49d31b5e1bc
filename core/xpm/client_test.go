package xpm

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xpmsync/core/model"
)

// testTokens hands out "tok-N"; Refresh bumps N.
type testTokens struct {
	mu        sync.Mutex
	gen       int
	refreshes int
}

func (t *testTokens) Token(context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return "tok-" + string(rune('0'+t.gen)), nil
}

func (t *testTokens) Refresh(context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.gen++
	t.refreshes++
	return "tok-" + string(rune('0'+t.gen)), nil
}

const testTenant = "tenant-1"

// fastRetry keeps retry tests quick without changing what they exercise.
var fastRetry = RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, Max429Wait: 5 * time.Second}

func newTestClient(t *testing.T, h http.HandlerFunc) (*Client, *testTokens) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	tok := &testTokens{}
	return New(Config{BaseURL: srv.URL, TenantID: testTenant, Tokens: tok, Retry: fastRetry, Logger: slog.New(slog.DiscardHandler)}), tok
}

func writeXML(w http.ResponseWriter, code int, body string) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(code)
	_, _ = io.WriteString(w, body)
}

func TestRequestShape(t *testing.T) {
	var got *http.Request
	var body string
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		got = r
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		writeXML(w, 200, string(fixture(t, "client_list_single.xml")))
	})
	since := time.Date(2020, 5, 5, 18, 24, 31, 0, time.FixedZone("NZST", 12*3600))
	var n int
	if err := c.ListClients(context.Background(), ListOptions{Detailed: true, ModifiedSince: since}, func(model.Client) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if got.URL.Path != "/practicemanager/3.1/client.api/list" || got.URL.Query().Get("detailed") != "true" ||
		got.URL.Query().Get("modifiedsince") != "2020-05-05T06:24:31" {
		t.Errorf("request URL %s", got.URL)
	}
	if got.Header.Get("Authorization") != "Bearer tok-0" || got.Header.Get("Xero-Tenant-Id") != testTenant || body != "" || n != 1 {
		t.Errorf("headers %v body %q n=%d", got.Header, body, n)
	}
}

func TestStatusErrorUnder200IsAPIError(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeXML(w, 200, string(fixture(t, "error_invalid_identifier.xml")))
	})
	_, err := c.GetClient(context.Background(), "nope")
	var api *APIError
	if !errors.As(err, &api) || api.Description != "Invalid client identifier" || api.Method != "GET client.api/get/nope" {
		t.Fatalf("got %v", err)
	}
	if !errors.Is(err, ErrNotFound) {
		t.Error("an invalid identifier should read as not found")
	}
}

func TestExpiredTokenRefreshesOnceAndRetries(t *testing.T) {
	var calls atomic.Int32
	c, tok := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Header.Get("Authorization") == "Bearer tok-0" {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("WWW-Authenticate", "Bearer error=invalid_token")
			w.WriteHeader(401)
			_, _ = io.WriteString(w, `{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"TokenExpired: token expired at 04/29/2020 09:22:02","Instance":"x","Extensions":{}}`)
			return
		}
		writeXML(w, 200, string(fixture(t, "staff_list.xml")))
	})
	staff, err := c.ListStaff(context.Background())
	if err != nil || len(staff) != 2 {
		t.Fatalf("staff=%d err=%v", len(staff), err)
	}
	if tok.refreshes != 1 || calls.Load() != 2 {
		t.Errorf("refreshes=%d calls=%d, want 1 and 2", tok.refreshes, calls.Load())
	}
}

func TestTokenRefusedAfterRefreshIsUnauthorized(t *testing.T) {
	var calls atomic.Int32
	c, tok := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		_, _ = io.WriteString(w, `{"Title":"Unauthorized","Status":401,"Detail":"TokenExpired: token expired at 04/29/2020 09:22:02"}`)
	})
	_, err := c.ListStaff(context.Background())
	if !errors.Is(err, ErrUnauthorized) || tok.refreshes != 1 || calls.Load() != 2 {
		t.Errorf("err=%v refreshes=%d calls=%d", err, tok.refreshes, calls.Load())
	}
	// Any other refusal also earns exactly one refresh: a grant revoked in Xero answers
	// AuthenticationUnsuccessful, and only the refresh finds out the connection is gone.
	var calls2 atomic.Int32
	c2, tok2 := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls2.Add(1)
		w.WriteHeader(401)
		_, _ = io.WriteString(w, `{"Title":"Unauthorized","Status":401,"Detail":"AuthenticationUnsuccessful"}`)
	})
	if _, err := c2.ListStaff(context.Background()); !errors.Is(err, ErrUnauthorized) || tok2.refreshes != 1 || calls2.Load() != 2 {
		t.Errorf("AuthenticationUnsuccessful: err=%v refreshes=%d calls=%d", err, tok2.refreshes, calls2.Load())
	}
}

func TestForbiddenIsTenantProblem(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(403)
		_, _ = io.WriteString(w, `{"Type":null,"Title":"Forbidden","Status":403,"Detail":"AuthenticationUnsuccessful","Instance":"y"}`)
	})
	_, err := c.ListStaff(context.Background())
	if !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), "AuthenticationUnsuccessful") {
		t.Errorf("got %v", err)
	}
}

func TestMinuteLimitWaitsThenSucceeds(t *testing.T) {
	var calls atomic.Int32
	var firstAt, secondAt time.Time
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			firstAt = time.Now()
			w.Header().Set("Retry-After", "1")
			w.Header().Set("X-Rate-Limit-Problem", "minute")
			w.Header().Set("X-Minlimit-Remaining", "0")
			w.Header().Set("X-Daylimit-Remaining", "4539")
			w.WriteHeader(429)
			return
		}
		secondAt = time.Now()
		w.Header().Set("X-Minlimit-Remaining", "58")
		w.Header().Set("X-Daylimit-Remaining", "4538")
		writeXML(w, 200, string(fixture(t, "staff_list.xml")))
	})
	if _, err := c.ListStaff(context.Background()); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 || secondAt.Sub(firstAt) < 900*time.Millisecond {
		t.Errorf("calls=%d waited %v, want 2 calls and ~1s", calls.Load(), secondAt.Sub(firstAt))
	}
	if a := c.Allowance(); a.MinuteRemaining != 58 || a.DayRemaining != 4538 || a.At.IsZero() {
		t.Errorf("allowance %+v", a)
	}
}

func TestMinuteLimitWaitRespectsContext(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3")
		w.Header().Set("X-Rate-Limit-Problem", "minute")
		w.WriteHeader(429)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.ListStaff(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Errorf("err=%v after %v", err, time.Since(start))
	}
}

func TestDayLimitStopsWithWhenItReturns(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Retry-After", "66975")
		w.Header().Set("X-Rate-Limit-Problem", "day")
		w.Header().Set("X-Daylimit-Remaining", "0")
		w.WriteHeader(429)
	})
	before := time.Now()
	_, err := c.ListStaff(context.Background())
	var rl *RateLimitError
	if !errors.As(err, &rl) || rl.Problem != "day" || rl.RetryAfter != 66975*time.Second {
		t.Fatalf("got %v", err)
	}
	if d := rl.Until.Sub(before); d < 66974*time.Second || d > 66977*time.Second {
		t.Errorf("Until is %v from now", d)
	}
	// Further calls fail fast without spending a request.
	if _, err := c.GetStaff(context.Background(), "x"); !errors.As(err, &rl) || calls.Load() != 1 {
		t.Errorf("second call: err=%v calls=%d", err, calls.Load())
	}
}

func TestServerErrorsBackOffThenSucceed(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(503)
			_, _ = io.WriteString(w, `{"Title":"Unavailable","Status":503,"Detail":"ServiceNotAvailable"}`)
		case 2:
			// Truncated body: the connection drops mid-client.
			w.Header().Set("Content-Type", "text/xml")
			_, _ = io.WriteString(w, `<Response><Status>OK</Status><StaffList><Staff><Name>Ha`)
		default:
			writeXML(w, 200, string(fixture(t, "staff_list.xml")))
		}
	})
	staff, err := c.ListStaff(context.Background())
	if err != nil || len(staff) != 2 || calls.Load() != 3 {
		t.Errorf("staff=%d err=%v calls=%d", len(staff), err, calls.Load())
	}
}

func TestServerErrorsGiveUpAfterMaxAttempts(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(502)
	})
	_, err := c.ListStaff(context.Background())
	if !errors.Is(err, ErrUnavailable) || calls.Load() != 5 {
		t.Errorf("err=%v calls=%d", err, calls.Load())
	}
}

func TestAddIsNeverResent(t *testing.T) {
	for name, h := range map[string]http.HandlerFunc{
		"503": func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) },
		"truncated": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/xml")
			_, _ = io.WriteString(w, `<Response><Status>OK</Status><Client><UUID>abc`)
		},
	} {
		t.Run(name, func(t *testing.T) {
			var calls atomic.Int32
			c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) { calls.Add(1); h(w, r) })
			_, err := c.AddClient(context.Background(), model.Client{Name: "New Co"})
			if !errors.Is(err, ErrOutcomeUnknown) || calls.Load() != 1 {
				t.Errorf("err=%v calls=%d", err, calls.Load())
			}
		})
	}
}

func TestXMLErrorUnder500(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeXML(w, 500, `<Response><Status>ERROR</Status><ErrorDescription>An unexpected error has occurred</ErrorDescription></Response>`)
	})
	// Idempotent: retried like any 5xx; the description survives for the user.
	_, err := c.GetStaff(context.Background(), "s1")
	var api *APIError
	if !errors.As(err, &api) || api.HTTPStatus != 500 || !errors.Is(err, ErrUnavailable) || calls.Load() != 5 {
		t.Errorf("get: err=%v calls=%d", err, calls.Load())
	}
	// An add: sent once, outcome unknown.
	calls.Store(0)
	_, err = c.AddStaff(context.Background(), model.Staff{Name: "New"})
	if !errors.As(err, &api) || !errors.Is(err, ErrOutcomeUnknown) || calls.Load() != 1 {
		t.Errorf("add: err=%v calls=%d", err, calls.Load())
	}
}

func TestConflictAndNotFoundJSON(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.Contains(r.URL.Path, "contact/") {
			w.WriteHeader(409)
			_, _ = io.WriteString(w, `{"Title":"Conflict","Status":409,"Detail":"Contact already linked"}`)
			return
		}
		w.WriteHeader(404)
		_, _ = io.WriteString(w, `{"status":"ERROR","errorDescription":"Client not found"}`)
	})
	_, err := c.UpdateContact(context.Background(), "c1", model.Contact{UUID: "k1", Name: "X"})
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "Contact already linked") {
		t.Errorf("409: %v", err)
	}
	if err := c.LinkContacts(context.Background(), "c1", []ContactLink{{UUID: "k1"}}); !errors.Is(err, ErrNotFound) {
		t.Errorf("404: %v", err)
	}
}

func TestCallbackErrorStopsListUnretried(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		writeXML(w, 200, string(fixture(t, "client_list_detailed.xml")))
	})
	stop := errors.New("disk full")
	n := 0
	err := c.ListClients(context.Background(), ListOptions{}, func(model.Client) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 || calls.Load() != 1 {
		t.Errorf("err=%v n=%d calls=%d", err, n, calls.Load())
	}
}

func TestPagedFollowsTokensAndStops(t *testing.T) {
	var tokens []string
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		tokens = append(tokens, q.Get("pageToken")+"|"+q.Get("pageSize"))
		switch {
		case r.URL.Path == "/practicemanager/3.1/client.api/paged-list" && q.Get("pageToken") == "":
			writeXML(w, 200, string(fixture(t, "paged_1.xml")))
		case r.URL.Path == "/practicemanager/3.1/client.api/paged-list" && q.Get("pageToken") == "bGlnaHQgd29y":
			writeXML(w, 200, string(fixture(t, "paged_2.xml")))
		case r.URL.Path == "/practicemanager/3.1/client.api/contacts" && q.Get("pageToken") == "":
			writeXML(w, 200, string(fixture(t, "contacts_1.xml")))
		case r.URL.Path == "/practicemanager/3.1/client.api/contacts" && q.Get("pageToken") == "dG9rMg==":
			writeXML(w, 200, string(fixture(t, "contacts_2.xml")))
		default:
			writeXML(w, 200, `<Response><Status>ERROR</Status><ErrorDescription>bad token</ErrorDescription></Response>`)
		}
	})
	var names []string
	if err := c.PagedClients(context.Background(), 2, func(cl model.Client) error { names = append(names, cl.Name); return nil }); err != nil {
		t.Fatal(err)
	}
	if strings.Join(names, ",") != "Page One A,Page One B,Page Two A" || strings.Join(tokens, ",") != "|2,bGlnaHQgd29y|2" {
		t.Errorf("names %v tokens %v", names, tokens)
	}
	var cts []string
	if err := c.ListContacts(context.Background(), 9999, func(ct model.Contact) error { cts = append(cts, ct.Name); return nil }); err != nil {
		t.Fatal(err)
	}
	if strings.Join(cts, ",") != "Contact One,Contact Two" || tokens[len(tokens)-1] != "dG9rMg==|500" {
		t.Errorf("contacts %v tokens %v", cts, tokens)
	}
}

func TestLimiterBoundsConcurrency(t *testing.T) {
	var inFlight, peak atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		inFlight.Add(-1)
		writeXML(w, 200, string(fixture(t, "staff_get.xml")))
	})
	c.lim = NewLimiter(LimiterConfig{PerMinute: -1})
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if _, err := c.GetStaff(context.Background(), "s"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if p := peak.Load(); p != DefaultConcurrent {
		t.Errorf("peak in flight %d, want %d", p, DefaultConcurrent)
	}
}

func TestLimiterPerWindow(t *testing.T) {
	l := NewLimiter(LimiterConfig{PerMinute: 3, Window: 300 * time.Millisecond})
	start := time.Now()
	var starts []time.Duration
	for range 7 {
		release, err := l.Acquire(context.Background(), "t")
		if err != nil {
			t.Fatal(err)
		}
		starts = append(starts, time.Since(start))
		release()
	}
	// 3 per 300ms: requests 4–6 wait for the first window, request 7 for the second.
	if starts[2] > 250*time.Millisecond || starts[3] < 290*time.Millisecond || starts[6] < 590*time.Millisecond {
		t.Errorf("start times %v", starts)
	}
	// Another tenant has its own budget.
	t0 := time.Now()
	release, _ := l.Acquire(context.Background(), "other")
	release()
	if time.Since(t0) > 50*time.Millisecond {
		t.Error("tenants must not share a budget")
	}
}

func TestStalledBodyIsRetried(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	defer close(release)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Content-Type", "text/xml")
			_, _ = io.WriteString(w, `<Response><Status>OK</Status><StaffList><Staff><Name>`)
			w.(http.Flusher).Flush()
			select { // stall mid-body until the test ends
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		writeXML(w, 200, string(fixture(t, "staff_list.xml")))
	}))
	defer srv.Close()
	retry := fastRetry
	retry.IdleReadWait = 100 * time.Millisecond
	c := New(Config{BaseURL: srv.URL, TenantID: testTenant, Tokens: &testTokens{}, Retry: retry, Logger: slog.New(slog.DiscardHandler)})
	staff, err := c.ListStaff(context.Background())
	if err != nil || len(staff) != 2 || calls.Load() != 2 {
		t.Errorf("staff=%d err=%v calls=%d", len(staff), err, calls.Load())
	}
}
