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

	"xpmsync/core/retry"
)

// call describes one API request.
type call struct {
	method     string // GET, POST, PUT, DELETE
	op         string // e.g. "client.api/list"; relative to the 3.1 base
	query      url.Values
	body       []byte
	idempotent bool                    // safe to send again when the outcome is unknown
	decode     func(r io.Reader) error // reads a 2xx body; nil = body ignored
}

func (k *call) label() string { return k.method + " " + k.op }

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
	if c.tokens == nil {
		return fmt.Errorf("%s: %w: no token source configured", k.label(), ErrUnauthorized)
	}
	t := &tries{tenantKey: c.tenant}
	for {
		res, err := c.sendOnce(ctx, k, t)
		if err != nil {
			return err
		}
		if finished, err := c.afterAttempt(ctx, k, t, res); finished {
			return err
		}
	}
}

// tries is what the retry loop of one call remembers between attempts.
type tries struct {
	tenantKey string
	token     string // empty: ask the token source again
	refreshed bool
	waits     int
	attempt   int
}

// sendOnce takes a limiter slot and a token and makes one attempt.
func (c *Client) sendOnce(ctx context.Context, k *call, t *tries) (result, error) {
	if err := ctx.Err(); err != nil {
		return result{}, fmt.Errorf("%s: %w", k.label(), err)
	}
	release, err := c.lim.Acquire(ctx, t.tenantKey)
	if err != nil {
		return result{}, fmt.Errorf("%s: %w", k.label(), err)
	}
	defer release()
	if t.token == "" {
		if t.token, err = c.tokens.Token(ctx); err != nil {
			return result{}, fmt.Errorf("%s: getting an access token: %w: %w", k.label(), ErrUnauthorized, err)
		}
	}
	t.attempt++
	res := c.attempt(ctx, k, t.token, t.tenantKey)
	if res.out != refresh {
		// Ask again next time: after a long backoff or 429 wait the token may be near expiry.
		t.token = ""
	}
	return res, nil
}

// afterAttempt decides what follows one attempt: finished (with its error) or another try.
func (c *Client) afterAttempt(ctx context.Context, k *call, t *tries, res result) (finished bool, err error) {
	switch res.out {
	case refresh:
		return c.refreshOnce(ctx, k, t, res.err)
	case waitRetry:
		t.waits++
		if t.waits > c.retry.Max429Tries {
			return true, fmt.Errorf("%s: still rate limited after %d waits: %w", k.label(), t.waits-1, res.err)
		}
		c.log.Info("rate limited; waiting", "op", k.label(), "wait", res.wait)
		// The limiter was paused for the tenant, so Acquire does the waiting for everyone.
		t.attempt--
		return false, nil
	case transient:
		return c.backOff(ctx, k, t, res)
	}
	return true, res.err
}

// refreshOnce answers a refused token: one refresh per call, a second refusal is final.
func (c *Client) refreshOnce(ctx context.Context, k *call, t *tries, refused error) (bool, error) {
	if t.refreshed {
		return true, fmt.Errorf("%s: %w (token refused after a refresh: %v)", k.label(), ErrUnauthorized, refused)
	}
	t.refreshed = true
	c.log.Info("access token expired; refreshing once", "op", k.label())
	var err error
	if t.token, err = c.tokens.Refresh(ctx); err != nil {
		return true, fmt.Errorf("%s: refreshing the access token: %w: %w", k.label(), ErrUnauthorized, err)
	}
	t.attempt-- // a refused token is not a failed attempt
	return false, nil
}

// backOff waits before the next try of a passing fault, or gives up.
func (c *Client) backOff(ctx context.Context, k *call, t *tries, res result) (bool, error) {
	if !k.idempotent && res.sent {
		return true, fmt.Errorf("%s: %w: %w", k.label(), ErrOutcomeUnknown, res.err)
	}
	if t.attempt >= c.retry.MaxAttempts {
		return true, fmt.Errorf("%s: gave up after %d attempts: %w", k.label(), t.attempt, res.err)
	}
	d := c.backoff(t.attempt)
	c.log.Warn("request failed; retrying", "op", k.label(), "attempt", t.attempt, "wait", d, "err", res.err)
	if err := sleepCtx(ctx, d); err != nil {
		return true, fmt.Errorf("%s: %w", k.label(), err)
	}
	return false, nil
}

// backoff is exponential with equal jitter: half fixed, half random, capped.
func (c *Client) backoff(attempt int) time.Duration {
	d := retry.Delay(c.retry.BaseDelay, c.retry.MaxDelay, attempt)
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

// result of one attempt: what the loop does next, how long a 429 asks to wait, whether the
// request may have reached XPM (false only when it certainly never did, so even an add may be
// sent again), and the error.
type result struct {
	out  outcome
	wait time.Duration
	sent bool
	err  error
}

func finished(err error) result { return result{out: done, sent: true, err: err} }

func retryable(err error) result { return result{out: transient, sent: true, err: err} }

// attempt sends the request once and reads XPM's answer.
func (c *Client) attempt(ctx context.Context, k *call, token, tenantKey string) result {
	reqCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	watch := newStallWatch(c.retry.HeaderWait, cancel)
	defer watch.stop()
	req, err := c.newRequest(reqCtx, k, token)
	if err != nil {
		return result{out: done, err: fmt.Errorf("%s: building request: %w", k.label(), err)}
	}
	sentAt := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		return sendFailed(ctx, reqCtx, k, err)
	}
	defer resp.Body.Close()
	c.lim.Observe(tenantKey, sentAt, resp.Header)
	a := answer{k: k, resp: resp, body: watch.body(resp.Body, c.retry.IdleReadWait), ctx: ctx, reqCtx: reqCtx}
	return c.read(a, tenantKey)
}

// stallWatch cancels a request whose headers, or whose body's next bytes, are too slow.
type stallWatch struct {
	timer      *time.Timer
	gotHeaders atomic.Bool
}

func newStallWatch(headerWait time.Duration, cancel context.CancelCauseFunc) *stallWatch {
	w := &stallWatch{}
	w.timer = time.AfterFunc(headerWait, func() {
		if w.gotHeaders.Load() {
			cancel(errIdleTimeout)
		} else {
			cancel(errHeaderTimeout)
		}
	})
	return w
}

func (w *stallWatch) stop() { w.timer.Stop() }

// body switches the watch from headers to body: each read pushes the deadline back.
func (w *stallWatch) body(r io.Reader, idle time.Duration) io.Reader {
	w.gotHeaders.Store(true)
	w.timer.Reset(idle)
	return &idleReader{r: r, t: w.timer, d: idle}
}

// newRequest builds the HTTP request of a call with its headers.
func (c *Client) newRequest(ctx context.Context, k *call, token string) (*http.Request, error) {
	u := c.base + apiPath + k.op
	if len(k.query) > 0 {
		u += "?" + k.query.Encode()
	}
	var body io.Reader
	if k.body != nil {
		body = bytes.NewReader(k.body)
	}
	req, err := http.NewRequestWithContext(ctx, k.method, u, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Xero-Tenant-Id", c.tenant)
	req.Header.Set("Accept", "application/xml, text/xml")
	if k.body != nil {
		req.Header.Set("Content-Type", "application/xml; charset=utf-8")
	}
	req.Header.Set("User-Agent", c.userAgt)
	return req, nil
}

// sendFailed classifies a request that got no answer at all.
func sendFailed(ctx, reqCtx context.Context, k *call, err error) result {
	if ctx.Err() != nil {
		if k.idempotent {
			return finished(fmt.Errorf("%s: %w", k.label(), ctx.Err()))
		}
		return finished(fmt.Errorf("%s: %w: %w", k.label(), ErrOutcomeUnknown, ctx.Err()))
	}
	if cause := context.Cause(reqCtx); errors.Is(cause, errHeaderTimeout) {
		err = cause
	}
	return result{out: transient, sent: !neverSent(err), err: fmt.Errorf("%w: %w", ErrUnavailable, err)}
}

// answer is one HTTP response being read.
type answer struct {
	k           *call
	resp        *http.Response
	body        io.Reader
	ctx, reqCtx context.Context
}

// read turns XPM's answer into the attempt's result, by status code.
func (c *Client) read(a answer, tenantKey string) result {
	k, code, h := a.k, a.resp.StatusCode, a.resp.Header
	switch {
	case code >= 200 && code < 300:
		return c.readSuccess(a)
	case code == http.StatusUnauthorized:
		// Any refusal of the token earns one refresh, not only TokenExpired: a grant revoked in
		// Xero answers AuthenticationUnsuccessful, and only the refresh's invalid_grant tells the
		// connection it needs reconnecting. A second refusal after the refresh is final.
		return result{out: refresh, sent: true, err: errors.New(problemDetail(a.body, h))}
	case code == http.StatusForbidden:
		return finished(fmt.Errorf("%s: %w (%s)", k.label(), ErrForbidden, problemDetail(a.body, h)))
	case code == http.StatusTooManyRequests:
		return c.rateLimited(k, h, tenantKey)
	case code == http.StatusInternalServerError && isXML(h):
		return c.readAppException(a)
	case code >= 500:
		return retryable(&StatusError{Method: k.label(), Code: code, Detail: problemDetail(a.body, h)})
	}
	return finished(c.refusal(a))
}

// readSuccess decodes a 2xx body; a body cut short is worth another try.
func (c *Client) readSuccess(a answer) result {
	k := a.k
	if k.decode == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(a.body, 1<<20))
		return finished(nil)
	}
	err := k.decode(a.body)
	var cb *callbackError
	var api *APIError
	switch {
	case err == nil:
		return finished(nil)
	case errors.As(err, &cb):
		return finished(cb.err)
	case a.ctx.Err() != nil:
		if !k.idempotent {
			// XPM answered 2xx, so the change was made; only its answer was lost.
			return finished(fmt.Errorf("%s: %w: %w", k.label(), ErrOutcomeUnknown, a.ctx.Err()))
		}
		return finished(fmt.Errorf("%s: %w", k.label(), a.ctx.Err()))
	case errors.As(err, &api):
		api.Method, api.HTTPStatus = k.label(), a.resp.StatusCode
		return finished(api)
	case errors.Is(err, ErrTooLarge):
		return finished(fmt.Errorf("%s: %w", k.label(), err))
	case errors.Is(err, ErrTruncated), errors.Is(err, ErrMalformed):
		if errors.Is(context.Cause(a.reqCtx), errIdleTimeout) {
			err = fmt.Errorf("%w: %w", ErrTruncated, errIdleTimeout)
		}
		return retryable(fmt.Errorf("%s: %w", k.label(), err))
	}
	return finished(fmt.Errorf("%s: %w", k.label(), err))
}

// readAppException reads an XPM application exception ("An unexpected error has occurred").
// It may be a passing fault, so idempotent calls retry it; an add that hit it has an unknown
// outcome. The APIError stays in the chain either way.
func (c *Client) readAppException(a answer) result {
	label, code := a.k.label(), a.resp.StatusCode
	var api *APIError
	if err := decodeStatus(a.body, c.limits); errors.As(err, &api) {
		api.Method, api.HTTPStatus = label, code
		return retryable(errors.Join(api, &StatusError{Method: label, Code: code}))
	}
	return retryable(&StatusError{Method: label, Code: code})
}

// refusal is the APIError of any other status: XPM's own words when it sent XML.
func (c *Client) refusal(a answer) error {
	label, code, h := a.k.label(), a.resp.StatusCode, a.resp.Header
	if isXML(h) {
		var api *APIError
		if err := decodeStatus(a.body, c.limits); errors.As(err, &api) {
			api.Method, api.HTTPStatus = label, code
			return api
		}
		return &APIError{Method: label, Description: http.StatusText(code), HTTPStatus: code}
	}
	detail := problemDetail(a.body, h)
	if detail == "" {
		detail = http.StatusText(code)
	}
	return &APIError{Method: label, Description: detail, HTTPStatus: code}
}

// rateLimited turns a 429 into a wait (minute/concurrent) or a *RateLimitError (day, or a
// wait longer than the policy allows).
func (c *Client) rateLimited(k *call, h http.Header, tenantKey string) result {
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
		return finished(fmt.Errorf("%s: %w", k.label(), rl))
	}
	c.lim.Pause(tenantKey, until)
	return result{out: waitRetry, wait: wait, sent: true, err: rl}
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
