package applog

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Secrets shaped like Xero's: a JWT access token, a 64-character refresh
// token, an authorization code and a PKCE verifier.
const (
	jwt      = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjFDQUY4RTY2NzcyRDZEQzAyOEQ2NzI2RkQwMjYxNTgxNTcwRUZDMTkifQ.eyJuYmYiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMTgwMH0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU"
	refresh  = "9f3c1a7e5b2d4c8e0a6f1b3d5e7c9a2b4d6f8e0a1c3e5b7d9f2a4c6e8b0d1f3a"
	authCode = "c0de7Kx9Lm2Qp4Rs6Tu8Vw0Xy"
	verifier = "pkceVerifierAbcdefghijklmnopqrstuvwxyz0123456789-._~"
	secret   = "xeroClientSecret_9Zq8Yp7Xo6Wn5Vm4"
)

var allSecrets = []string{jwt, refresh, authCode, verifier, secret}

func TestTokenNeverReachesTheLogFile(t *testing.T) {
	dir := t.TempDir()
	log, c, err := Setup(dir, slog.LevelDebug)
	if err != nil {
		t.Fatal(err)
	}

	// An HTTP failure as net/http and oauth2 report it, wrapped twice by our code.
	tokenURL := "https://identity.xero.com/connect/token?grant_type=refresh_token&refresh_token=" + refresh +
		"&code=" + authCode + "&code_verifier=" + verifier
	httpErr := &url.Error{Op: "Post", URL: tokenURL, Err: errors.New("connection reset by peer")}
	wrapped := fmt.Errorf("refresh the Xero sign-in: %w", fmt.Errorf("token endpoint: %w", httpErr))
	body := fmt.Errorf(`oauth2: cannot fetch token: 400 Bad Request Response: {"error":"invalid_grant","refresh_token":"%s","access_token":"%s"}`, refresh, jwt)

	log.Error("sync failed", "err", wrapped)
	log.Warn("token refresh refused", "err", body, "tenant", "7c5a1b2e-3f4d-4e6a-8b9c-0d1e2f3a4b5c")
	log.Info("request sent: Authorization: Bearer " + jwt)
	log.Debug("login callback", "url", "http://127.0.0.1:53682/callback?code="+authCode+"&state=xyz")
	log.Info("form", slog.Group("oauth", slog.String("refresh_token", refresh), slog.String("grant_type", "refresh_token")))
	log.With("access_token", jwt).Info("session restored", "client_secret", secret)
	log.Info("basic auth", "header", "Authorization: Basic "+secret)
	log.Info("prose", "detail", "refresh token "+refresh+" was rotated")
	log.Info("stringer", "u", mustURL(t, tokenURL))
	log.Info("raw body", "body", []byte("grant_type=authorization_code&code="+authCode+"&code_verifier="+verifier))
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}

	out := readLog(t, dir)
	for _, s := range allSecrets {
		if strings.Contains(out, s) {
			t.Errorf("log contains secret %q:\n%s", s, out)
		}
	}
	// Masking must not swallow what support needs to read the log.
	for _, keep := range []string{"sync failed", "identity.xero.com/connect/token", "connection reset by peer",
		"invalid_grant", "7c5a1b2e-3f4d-4e6a-8b9c-0d1e2f3a4b5c", "grant_type=refresh_token", "state=xyz",
		"session restored", Mask} {
		if !strings.Contains(out, keep) {
			t.Errorf("log lost %q:\n%s", keep, out)
		}
	}
}

func TestRedactKeepsOrdinaryText(t *testing.T) {
	for _, s := range []string{
		"XPM answered with status code: 401",
		"client 7c5a1b2e-3f4d-4e6a-8b9c-0d1e2f3a4b5c updated",
		`open C:\Users\leanne\AppData\Roaming\XPM Sync\xpmsync.db: access denied`,
		"basic settings saved",
		"GET /practicemanager/3.1/client.api/list?detailed=true&modifiedsince=2024-01-01T00:00:00",
		"the access token expired; refreshing",
	} {
		if got := Redact(s); got != s {
			t.Errorf("Redact(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestRedactMasksEachShape(t *testing.T) {
	for _, s := range []string{
		"Bearer " + jwt,
		"bearer%20" + refresh,
		jwt,
		"?code=" + authCode,
		"code_verifier=" + verifier,
		"redirect=https%3A%2F%2Fx%2Fcb%3Fcode%3D" + authCode,
		`{"refresh_token": "` + refresh + `"}`,
		"refresh_token: " + refresh,
		"Authorization: Basic " + secret,
		"opaque " + refresh,
	} {
		got := Redact(s)
		for _, sec := range allSecrets {
			if strings.Contains(got, sec) {
				t.Errorf("Redact(%q) = %q still holds a secret", s, got)
			}
		}
		if !strings.Contains(got, Mask) {
			t.Errorf("Redact(%q) = %q, want %s in it", s, got, Mask)
		}
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func readLog(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, LogFileName))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
