package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestSecretsNeverFormatted(t *testing.T) {
	idp, store, s, g := connected(t)
	idp.clock.Advance(31 * time.Minute)
	access, err := s.Token(context.Background()) // a rotated session holds previous + current
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{g.RefreshToken.Reveal(), g.AccessToken.Reveal(), access}
	s.mu.Lock()
	secrets = append(secrets, s.rec.RefreshToken.Reveal(), s.rec.PreviousRefreshToken.Reveal())
	rec := s.rec
	s.mu.Unlock()

	var out bytes.Buffer
	f, err := Begin(context.Background(), idp.config())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	secrets = append(secrets, f.verifier.Reveal())
	for _, v := range []any{g, *g, s, g.RefreshToken, rec, Secret("x"), f, store} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
			fmt.Fprintf(&out, verb+"\n", v)
		}
		fmt.Fprintln(&out, v)
		b, _ := json.Marshal(v)
		out.Write(b)
	}
	for _, h := range []slog.Handler{slog.NewTextHandler(&out, nil), slog.NewJSONHandler(&out, nil)} {
		l := slog.New(h)
		l.Info("grant", "grant", g, "grantv", *g, "session", s, "token", g.AccessToken, "record", rec, "flow", f, "store", store)
	}
	text := out.String()
	for _, sec := range secrets {
		if sec == "" {
			t.Fatal("test setup: empty secret")
		}
		if strings.Contains(text, sec) {
			t.Fatalf("secret %q…%q leaked:\n%s", sec[:4], sec[len(sec)-4:], text)
		}
	}
	if !strings.Contains(text, "pat@smith.example") || !strings.Contains(text, redacted) {
		t.Errorf("formatting lost the non-secret parts:\n%s", text)
	}
}
