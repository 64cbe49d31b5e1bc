package xpm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// call describes one API request.
type call struct {
	method     string // GET, POST, PUT, DELETE
	op         string // e.g. "client.api/list"; relative to the 3.1 base
	rawPath    string // absolute path on the API host instead of op (/connections)
	query      url.Values
	body       []byte
	idempotent bool                    // safe to send again when the outcome is unknown
	noTenant   bool                    // /connections: bearer only
	decode     func(r io.Reader) error // reads a 2xx body; nil = body ignored
}

func (k *call) label() string {
	if k.rawPath != "" {
		return k.method + " " + k.rawPath
	}
	return k.method + " " + k.op
}

var (
	errHeaderTimeout = errors.New("no response headers in time")
	errIdleTimeout   = errors.New("response body stalled")
)

// outcome of one attempt, telling the loop what to do next.
type outcome int

const (
	done outcome = iota
	transient
	refresh
	waitRetry
)

// do runs a call with the limiter, token refresh, 429 waits and (for idempotent calls)
// bounded exponential backoff with jitter.
func (c *Client) do(ctx context.Context, k *call) error {
	tenantKey := c.tenant
	if k.noTenant {
		tenantKey = "\x00connections"
	}
	if c.tokens == nil {
		return fmt.Errorf("%s: %w: no token source configured", k.label(), ErrUnauthorized)
	}
	refreshed := false
	waits := 0
	attempt := 0
	var token string
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%s: %w", k.label(), err)
		}
		release, err := c.lim.Acquire(ctx, tenantKey)
		if err != nil {
			return fmt.Errorf("%s: %w", k.label(), err)
		}
		if token == "" {
			token, err = c.tokens.Token(ctx)
			if err != nil {
				release()
				return fmt.Errorf("%s: getting an access token: %w: %w", k.label(), ErrUnauthorized, err)
			}
		}
		attempt++
		out, wait, sent, err := c.attempt(ctx, k, token, tenantKey)
		release()
		if out != refresh {
			// Ask again next time: after a long backoff or 429 wait the token may be near expiry.
			token = ""
		}
		switch out {
		case done:
			if err != nil {
				return err
			}
			return nil
		case refresh:
			if refreshed {
				return fmt.Errorf("%s: %w (token refused after a refresh: %v)", k.label(), ErrUnauthorized, err)
			}
			refreshed = true
			c.log.Info("access token expired; refreshing once", "op", k.label())
			token, err = c.tokens.Refresh(ctx)
			if err != nil {
				return fmt.Errorf("%s: refreshing the access token: %w: %w", k.label(), ErrUnauthorized, err)
			}
			attempt-- // a refused token is not a failed attempt
		case waitRetry:
			waits++
			if waits > c.retry.Max429Tries {
				return fmt.Errorf("%s: still rate limited after %d waits: %w", k.label(), waits-1, err)
			}
			c.log.Info("rate limited; waiting", "op", k.label(), "wait", wait)
			// The limiter was paused for the tenant, so Acquire does the waiting for everyone.
			attempt--
		case transient:
			if !k.idempotent && sent {
				return fmt.Errorf("%s: %w: %w", k.label(), ErrOutcomeUnknown, err)
			}
			if attempt >= c.retry.MaxAttempts {
				return fmt.Errorf("%s: gave up after %d attempts: %w", k.label(), attempt, err)
			}
			d := c.backoff(attempt)
			c.log.Warn("request failed; retrying", "op", k.label(), "attempt", attempt, "wait", d, "err", err)
			if err := sleepCtx(ctx, d); err != nil {
				return fmt.Errorf("%s: %w", k.label(), err)
			}
		}
	}
}

// backoff is exponential with equal jitter: half fixed, half random, capped.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.retry.BaseDelay << (attempt - 1)
	if d > c.retry.MaxDelay || d <= 0 {
		d = c.retry.MaxDelay
	}
	half := d / 2
	return half + rand.N(half+1)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// attempt sends the request once. sent is false only when the request certainly never
// reached the server (so even an add may be sent again).
func (c *Client) attempt(ctx context.Context, k *call, token, tenantKey string) (out outcome, wait time.Duration, sent bool, err error) {
	reqCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var gotHeaders atomic.Bool
	timer := time.AfterFunc(c.retry.HeaderWait, func() {
		if gotHeaders.Load() {
			cancel(errIdleTimeout)
		} else {
			cancel(errHeaderTimeout)
		}
	})
	defer timer.Stop()

	u := c.base + apiPath + k.op
	if k.rawPath != "" {
		u = c.base + k.rawPath
	}
	if len(k.query) > 0 {
		u += "?" + k.query.Encode()
	}
	var body io.Reader
	if k.body != nil {
		body = bytes.NewReader(k.body)
	}
	req, err := http.NewRequestWithContext(reqCtx, k.method, u, body)
	if err != nil {
		return done, 0, false, fmt.Errorf("%s: building request: %w", k.label(), err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if !k.noTenant {
		req.Header.Set("Xero-Tenant-Id", c.tenant)
		req.Header.Set("Accept", "application/xml, text/xml")
	} else {
		req.Header.Set("Accept", "application/json")
	}
	if k.body != nil {
		req.Header.Set("Content-Type", "application/xml; charset=utf-8")
	}
	req.Header.Set("User-Agent", c.userAgt)

	sentAt := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			if k.idempotent {
				return done, 0, true, fmt.Errorf("%s: %w", k.label(), ctx.Err())
			}
			return done, 0, true, fmt.Errorf("%s: %w: %w", k.label(), ErrOutcomeUnknown, ctx.Err())
		}
		if cause := context.Cause(reqCtx); errors.Is(cause, errHeaderTimeout) {
			err = cause
		}
		return transient, 0, !neverSent(err), fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	defer resp.Body.Close()
	if !k.noTenant {
		c.lim.Observe(tenantKey, sentAt, resp.Header)
	}
	gotHeaders.Store(true)
	timer.Reset(c.retry.IdleReadWait)
	rd := &idleReader{r: resp.Body, t: timer, d: c.retry.IdleReadWait}

	switch code := resp.StatusCode; {
	case code >= 200 && code < 300:
		if k.decode == nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(rd, 1<<20))
			return done, 0, true, nil
		}
		err := k.decode(rd)
		if err == nil {
			return done, 0, true, nil
		}
		var cb *callbackError
		var api *APIError
		switch {
		case errors.As(err, &cb):
			return done, 0, true, cb.err
		case ctx.Err() != nil:
			if !k.idempotent {
				// XPM answered 2xx, so the change was made; only its answer was lost.
				return done, 0, true, fmt.Errorf("%s: %w: %w", k.label(), ErrOutcomeUnknown, ctx.Err())
			}
			return done, 0, true, fmt.Errorf("%s: %w", k.label(), ctx.Err())
		case errors.As(err, &api):
			api.Method, api.HTTPStatus = k.label(), code
			return done, 0, true, api
		case errors.Is(err, ErrTooLarge):
			return done, 0, true, fmt.Errorf("%s: %w", k.label(), err)
		case errors.Is(err, ErrTruncated), errors.Is(err, ErrMalformed):
			if errors.Is(context.Cause(reqCtx), errIdleTimeout) {
				err = fmt.Errorf("%w: %w", ErrTruncated, errIdleTimeout)
			}
			return transient, 0, true, fmt.Errorf("%s: %w", k.label(), err)
		}
		return done, 0, true, fmt.Errorf("%s: %w", k.label(), err)
	case code == http.StatusUnauthorized:
		// Any refusal of the token earns one refresh, not only TokenExpired: a grant revoked in
		// Xero answers AuthenticationUnsuccessful, and only the refresh's invalid_grant tells the
		// connection it needs reconnecting. A second refusal after the refresh is final.
		return refresh, 0, true, errors.New(problemDetail(rd, resp.Header))
	case code == http.StatusForbidden:
		return done, 0, true, fmt.Errorf("%s: %w (%s)", k.label(), ErrForbidden, problemDetail(rd, resp.Header))
	case code == http.StatusTooManyRequests:
		return c.rateLimited(k, resp.Header, tenantKey)
	case code == http.StatusInternalServerError && isXML(resp.Header):
		// An XPM application exception ("An unexpected error has occurred"). It may be a
		// passing fault, so idempotent calls retry it; an add that hit it has an unknown
		// outcome. The APIError stays in the chain either way.
		if err := decodeStatus(rd, c.limits); err != nil {
			var api *APIError
			if errors.As(err, &api) {
				api.Method, api.HTTPStatus = k.label(), code
				return transient, 0, true, errors.Join(api, &StatusError{Method: k.label(), Code: code})
			}
		}
		return transient, 0, true, &StatusError{Method: k.label(), Code: code}
	case code >= 500:
		return transient, 0, true, &StatusError{Method: k.label(), Code: code, Detail: problemDetail(rd, resp.Header)}
	case code == http.StatusNotFound && k.noTenant:
		return done, 0, true, &APIError{Method: k.label(), Description: "connection not found", HTTPStatus: code}
	default:
		if isXML(resp.Header) {
			if err := decodeStatus(rd, c.limits); err != nil {
				var api *APIError
				if errors.As(err, &api) {
					api.Method, api.HTTPStatus = k.label(), code
					return done, 0, true, api
				}
			}
			return done, 0, true, &APIError{Method: k.label(), Description: http.StatusText(code), HTTPStatus: code}
		}
		detail := problemDetail(rd, resp.Header)
		if detail == "" {
			detail = http.StatusText(code)
		}
		return done, 0, true, &APIError{Method: k.label(), Description: detail, HTTPStatus: code}
	}
}

// rateLimited turns a 429 into a wait (minute/concurrent) or a *RateLimitError (day, or a
// wait longer than the policy allows).
func (c *Client) rateLimited(k *call, h http.Header, tenantKey string) (outcome, time.Duration, bool, error) {
	problem := strings.ToLower(strings.TrimSpace(h.Get("X-Rate-Limit-Problem")))
	if problem == "" {
		problem = "minute"
	}
	wait, ok := retryAfter(h.Get("Retry-After"))
	if !ok {
		wait = c.retry.BaseDelay * 4
	}
	until := time.Now().Add(wait)
	rl := &RateLimitError{Problem: problem, RetryAfter: wait, Until: until}
	if strings.HasPrefix(problem, "day") || wait > c.retry.Max429Wait {
		if strings.HasPrefix(problem, "day") {
			c.lim.BlockDay(tenantKey, rl)
		}
		return done, 0, true, fmt.Errorf("%s: %w", k.label(), rl)
	}
	c.lim.Pause(tenantKey, until)
	return waitRetry, wait, true, rl
}

// retryAfter reads delay-seconds or an HTTP date.
func retryAfter(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

func isXML(h http.Header) bool {
	return strings.Contains(strings.ToLower(h.Get("Content-Type")), "xml")
}

// problemDetail reads the gateway's JSON problem body (or XPM's JSON error) for a message.
func problemDetail(r io.Reader, h http.Header) string {
	b, _ := io.ReadAll(io.LimitReader(r, 64<<10))
	var p struct {
		Title            string `json:"Title"`
		Detail           string `json:"Detail"`
		ErrorDescription string `json:"errorDescription"`
	}
	if json.Unmarshal(b, &p) == nil {
		switch {
		case p.Detail != "":
			return p.Detail
		case p.ErrorDescription != "":
			return p.ErrorDescription
		case p.Title != "":
			return p.Title
		}
	}
	if isXML(h) {
		var env envelope
		env, _ = decodeEnvelope(bytes.NewReader(b), Limits{}, nil)
		if env.Description != "" {
			return env.Description
		}
	}
	s := strings.TrimSpace(string(b))
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// neverSent reports errors that happen before any byte reaches the server (dial, DNS).
func neverSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// idleReader pushes the idle timer back every time body bytes arrive.
type idleReader struct {
	r io.Reader
	t *time.Timer
	d time.Duration
}

func (i *idleReader) Read(p []byte) (int, error) {
	n, err := i.r.Read(p)
	if n > 0 {
		i.t.Reset(i.d)
	}
	return n, err
}
