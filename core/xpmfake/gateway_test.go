package xpmfake_test

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"xpmsync/core/xpmfake"
)

func TestMinuteLimit(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 2, Seed: 1, Now: frozen})
	for i := 1; i <= 60; i++ {
		resp, _ := se.do("GET", "staff.api/list", "")
		if resp.StatusCode != 200 {
			t.Fatalf("call %d: %d", i, resp.StatusCode)
		}
		if got := resp.Header.Get("x-minlimit-remaining"); got != strconv.Itoa(60-i) {
			t.Fatalf("call %d: x-minlimit-remaining %s, want %d", i, got, 60-i)
		}
		if got := resp.Header.Get("x-daylimit-remaining"); got != strconv.Itoa(5000-i) {
			t.Fatalf("call %d: x-daylimit-remaining %s", i, got)
		}
		if resp.Header.Get("x-appminlimit-remaining") == "" || resp.Header.Get("xero-correlation-id") == "" {
			t.Fatalf("call %d lacks limit or correlation headers", i)
		}
	}
	resp, body := se.do("GET", "staff.api/list", "")
	if resp.StatusCode != 429 || len(body) != 0 {
		t.Fatalf("61st call: %d with %d-byte body, want 429 and empty", resp.StatusCode, len(body))
	}
	if resp.Header.Get("X-Rate-Limit-Problem") != "minute" || resp.Header.Get("x-minlimit-remaining") != "0" {
		t.Fatalf("61st call headers: %v", resp.Header)
	}
	ra, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if err != nil || ra < 1 || ra > 60 {
		t.Fatalf("Retry-After %q", resp.Header.Get("Retry-After"))
	}
	se.s.Clock().Advance(time.Duration(ra) * time.Second)
	if resp, _ := se.do("GET", "staff.api/list", ""); resp.StatusCode != 200 {
		t.Fatalf("after Retry-After: %d", resp.StatusCode)
	}
}

func TestConcurrencyLimit(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 2, Seed: 1})
	se.s.SetFaults(xpmfake.Faults{Latency: 400 * time.Millisecond})
	var wg sync.WaitGroup
	codes := make(chan string, 7)
	for i := 0; i < 7; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("GET", se.base+"/practicemanager/3.1/staff.api/list", nil)
			req.Header.Set("Authorization", "Bearer "+se.tok.AccessToken)
			req.Header.Set("xero-tenant-id", se.tenant)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				codes <- err.Error()
				return
			}
			resp.Body.Close()
			codes <- strconv.Itoa(resp.StatusCode) + " " + resp.Header.Get("X-Rate-Limit-Problem")
		}()
	}
	wg.Wait()
	close(codes)
	ok, limited := 0, 0
	for c := range codes {
		switch c {
		case "200 ":
			ok++
		case "429 concurrent":
			limited++
		default:
			t.Errorf("unexpected answer %q", c)
		}
	}
	if ok != 5 || limited != 2 {
		t.Fatalf("%d admitted and %d refused, want 5 and 2", ok, limited)
	}
}

func TestGatewayErrors(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 2, Seed: 1})
	check := func(name string, resp *http.Response, body []byte, status int, detail string) {
		t.Helper()
		if resp.StatusCode != status || !strings.Contains(string(body), detail) ||
			!strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%s: %d %s, want %d with %q", name, resp.StatusCode, body, status, detail)
		}
	}
	resp, body := apiDo(t, "GET", se.base, se.tok.AccessToken, "", "client.api/list", "")
	check("no tenant", resp, body, 403, "AuthenticationUnsuccessful")
	resp, body = apiDo(t, "GET", se.base, se.tok.AccessToken, "6f1e0d4e-0000-4000-8000-000000000000", "client.api/list", "")
	check("wrong tenant", resp, body, 403, "AuthenticationUnsuccessful")
	resp, body = apiDo(t, "GET", se.base, "garbage", se.tenant, "client.api/list", "")
	check("bad token", resp, body, 401, "AuthenticationUnsuccessful")
	if resp.Header.Get("www-authenticate") == "" {
		t.Error("401 lacks www-authenticate")
	}
	se.s.SetFaults(xpmfake.Faults{ExpireAccessTokens: true})
	resp, body = se.do("GET", "client.api/list", "")
	check("expired", resp, body, 401, "TokenExpired")
	// Tokens issued after the fault work.
	st, tr := refresh(t, se.base, se.tok.RefreshToken)
	if st != 200 {
		t.Fatalf("refresh: %d", st)
	}
	se.tok = tr
	if resp, _ := se.do("GET", "client.api/list", ""); resp.StatusCode != 200 {
		t.Fatalf("after refresh: %d", resp.StatusCode)
	}
}

func TestScopesAreChecked(t *testing.T) {
	cfg := xpmfake.Config{Clients: 2, Seed: 1, AutoApprove: true}
	s, base := startFake(t, cfg)
	verifier, challenge := pkcePair("scope")
	resp, err := noRedirect.Get(authorizeURL(base, testClientID, testRedirect, "openid offline_access practicemanager.client.read", "s", challenge))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := resp.Location()
	_, tr := postToken(t, base, map[string][]string{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")},
		"redirect_uri": {testRedirect}, "code_verifier": {verifier}, "client_id": {testClientID}})
	if r, _ := apiDo(t, "GET", base, tr.AccessToken, s.TenantID(), "client.api/list", ""); r.StatusCode != 200 {
		t.Fatalf("read with client.read: %d", r.StatusCode)
	}
	for _, c := range []struct{ method, path, body string }{
		{"GET", "staff.api/list", ""},
		{"POST", "client.api/add", "<Client><Name>X</Name></Client>"},
	} {
		if r, _ := apiDo(t, c.method, base, tr.AccessToken, s.TenantID(), c.path, c.body); r.StatusCode != 401 {
			t.Errorf("%s %s without scope: %d, want 401", c.method, c.path, r.StatusCode)
		}
	}
	if len(s.Clients()) != 2 {
		t.Fatal("a call without write scope added a client")
	}
}

func TestFaults(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 20, Seed: 1})
	se.s.SetFaults(xpmfake.Faults{Burst429: 2, RetryAfter: 3})
	for i := 0; i < 2; i++ {
		resp, _ := se.do("GET", "client.api/list", "")
		if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" {
			t.Fatalf("burst call %d: %d Retry-After %q", i, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	if resp, _ := se.do("GET", "client.api/list", ""); resp.StatusCode != 200 {
		t.Fatalf("after burst: %d", resp.StatusCode)
	}

	se.s.SetFaults(xpmfake.Faults{DayLimitExhausted: true})
	resp, _ := se.do("GET", "client.api/list", "")
	if resp.StatusCode != 429 || resp.Header.Get("X-Rate-Limit-Problem") != "day" || resp.Header.Get("x-daylimit-remaining") != "0" {
		t.Fatalf("day limit: %d %v", resp.StatusCode, resp.Header)
	}

	se.s.SetFaults(xpmfake.Faults{MalformedXML: true})
	resp, body := se.do("GET", "client.api/list", "")
	if resp.StatusCode != 200 || xml.Unmarshal(body, new(struct{})) == nil {
		t.Fatalf("malformed: %d, body parses=%v", resp.StatusCode, xml.Unmarshal(body, new(struct{})) == nil)
	}

	se.s.SetFaults(xpmfake.Faults{TruncateXML: true})
	req, _ := http.NewRequest("GET", se.base+"/practicemanager/3.1/client.api/list?detailed=true", nil)
	req.Header.Set("Authorization", "Bearer "+se.tok.AccessToken)
	req.Header.Set("xero-tenant-id", se.tenant)
	if r, err := http.DefaultClient.Do(req); err == nil {
		_, err = io.ReadAll(r.Body)
		r.Body.Close()
		if err == nil {
			t.Fatal("truncated answer read cleanly; want an unexpected EOF")
		}
	}

	se.s.SetFaults(xpmfake.Faults{Rate5xx: 1})
	resp, _ = se.do("GET", "client.api/list", "")
	if resp.StatusCode != 500 && resp.StatusCode != 503 {
		t.Fatalf("Rate5xx 1: %d", resp.StatusCode)
	}

	se.s.SetFaults(xpmfake.Faults{Conflict409: 1})
	resp, body = se.do("POST", "client.api/add", "<Client><Name>Conflicted</Name></Client>")
	if resp.StatusCode != 409 || !strings.Contains(string(body), `"Detail"`) {
		t.Fatalf("409: %d %s", resp.StatusCode, body)
	}

	se.s.SetFaults(xpmfake.Faults{RevokeAll: true})
	if st, tr := refresh(t, se.base, se.tok.RefreshToken); st != 400 || tr.Error != "invalid_grant" {
		t.Fatalf("after RevokeAll: %d %q", st, tr.Error)
	}
}

func TestSlowWriteStopsWhenTheClientGivesUp(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 300, Seed: 1, PMModule: true})
	se.s.SetFaults(xpmfake.Faults{SlowWrite: 200 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", se.base+"/practicemanager/3.1/client.api/list?detailed=true", nil)
	req.Header.Set("Authorization", "Bearer "+se.tok.AccessToken)
	req.Header.Set("xero-tenant-id", se.tenant)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil {
		t.Fatal("a slow 1 MB answer finished within 500ms")
	}
	// The abandoned call must give its concurrency slot back.
	se.s.SetFaults(xpmfake.Faults{})
	deadline := time.Now().Add(3 * time.Second)
	for {
		var wg sync.WaitGroup
		var mu sync.Mutex
		refused := 0
		for i := 0; i < 5; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, _ := se.do("GET", "staff.api/list", "")
				if r.StatusCode == 429 {
					mu.Lock()
					refused++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if refused == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of 5 calls still refused after the slow call was abandoned", refused)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
