package applog

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
)

// Mask replaces every secret that Redact finds.
const Mask = "[REDACTED]"

var (
	// An Authorization header or field, whatever its scheme (Basic carries the client secret).
	reAuthHeader = regexp.MustCompile(`(?i)(authorization["']?\s*[:=]\s*["']?)([A-Za-z]+\s+)?[^\s"',;]+`)
	// "Bearer <token>" anywhere else.
	reBearer = regexp.MustCompile(`(?i)\b(bearer)(\s+|%20|\+)[A-Za-z0-9\-._~+/]{8,}=*`)
	// A JWT (header.payload.signature, base64url, header always starts "eyJ").
	reJWT = regexp.MustCompile(`eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*`)
	// Query strings and form bodies: key=value (also URL-encoded inside another URL).
	// The key may follow an encoded ? or & (%3F, %26), hence no \b.
	reParamEq = regexp.MustCompile(`(?i)(^|[^A-Za-z0-9_]|%3F|%26)(code|code_verifier|refresh_token|access_token|id_token|client_secret|token|password|assertion)(=|%3D)([^&\s"',;)\]}]+)`)
	// "key: value" text; not for "code", which prose uses for status codes.
	reParamColon = regexp.MustCompile(`(?i)\b(code_verifier|refresh_token|access_token|id_token|client_secret|password)(:\s*)([^&\s"',;)\]}]+)`)
	// JSON members, e.g. a token endpoint's answer quoted in an error.
	reJSON = regexp.MustCompile(`(?i)"(code|code_verifier|refresh_token|access_token|id_token|client_secret|token|password)"\s*:\s*"[^"]*"`)
	// "refresh token abc…" written in prose by a library or a person.
	reProse = regexp.MustCompile(`(?i)\b((?:refresh|access|bearer|id)[ _-]?token\s+)([A-Za-z0-9\-._~+/]{16,}=*)`)
	// Long opaque strings (Xero refresh tokens are 64 characters) that mix
	// letters and digits; UUIDs and paths break into shorter runs and survive.
	reOpaque = regexp.MustCompile(`[A-Za-z0-9_\-]{40,}`)
)

// Redact returns s with anything that looks like a credential masked:
// Authorization values and bearer tokens, JWTs, OAuth parameters (code, code_verifier,
// refresh_token, access_token, id_token, client_secret, token, password) in
// URLs, forms, JSON or prose, and long opaque token-like strings.
func Redact(s string) string {
	// Most log text holds no secret: one cheap pass decides whether the
	// seven patterns below need to run at all.
	if !suspicious(s) {
		return s
	}
	s = reJSON.ReplaceAllString(s, `"$1":"`+Mask+`"`)
	s = reParamEq.ReplaceAllString(s, `$1$2$3`+Mask)
	s = reParamColon.ReplaceAllString(s, `$1$2`+Mask)
	s = reAuthHeader.ReplaceAllString(s, `$1$2`+Mask)
	s = reBearer.ReplaceAllString(s, `$1 `+Mask)
	s = reJWT.ReplaceAllString(s, Mask)
	s = reProse.ReplaceAllString(s, `$1`+Mask)
	s = reOpaque.ReplaceAllStringFunc(s, func(m string) string {
		if strings.ContainsAny(m, "0123456789") && strings.IndexFunc(m, isLetter) >= 0 {
			return Mask
		}
		return m
	})
	return s
}

// keywords are the words every pattern but reOpaque starts from (lower case).
var keywords = []string{"code", "token", "secret", "password", "assertion", "bearer", "authorization", "eyj"}

func suspicious(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' {
			if run++; run >= 40 {
				return true
			}
		} else {
			run = 0
		}
	}
	for _, k := range keywords {
		if containsFold(s, k) {
			return true
		}
	}
	return false
}

// containsFold reports whether s contains the lower-case ASCII word k in any
// case, without allocating (a (?i) regexp here cost more than all the rest).
func containsFold(s, k string) bool {
	for i := 0; i+len(k) <= len(s); i++ {
		j := 0
		for ; j < len(k); j++ {
			c := s[i+j]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != k[j] {
				break
			}
		}
		if j == len(k) {
			return true
		}
	}
	return false
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// sensitiveKey reports whether an attribute named key carries a secret by its
// very name, so its whole value is masked whatever it looks like.
func sensitiveKey(key string) bool {
	k := strings.ToLower(key)
	switch k {
	case "code", "state_verifier", "verifier", "authorization", "cookie", "set-cookie":
		return true
	}
	for _, part := range []string{"token", "secret", "password", "code_verifier", "codeverifier", "credential"} {
		if strings.Contains(k, part) {
			return true
		}
	}
	return false
}

// RedactingHandler wraps another slog.Handler and masks secrets in the
// message and in every attribute (errors and Stringers included) before the
// record reaches it. Use NewRedactingHandler.
type RedactingHandler struct {
	next slog.Handler
}

// NewRedactingHandler returns a handler that redacts records, then passes them to next.
func NewRedactingHandler(next slog.Handler) *RedactingHandler {
	return &RedactingHandler{next: next}
}

// Enabled reports whether the wrapped handler handles level.
func (h *RedactingHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.next.Enabled(ctx, level)
}

// Handle masks the record's message and attributes and hands it on.
func (h *RedactingHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, Redact(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(redactAttr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

// WithAttrs redacts attrs once, up front, like Handle does per record.
func (h *RedactingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		clean[i] = redactAttr(a)
	}
	return &RedactingHandler{next: h.next.WithAttrs(clean)}
}

// WithGroup returns a redacting handler over the wrapped handler's group.
func (h *RedactingHandler) WithGroup(name string) slog.Handler {
	return &RedactingHandler{next: h.next.WithGroup(name)}
}

func redactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	if v.Kind() == slog.KindGroup {
		group := v.Group()
		clean := make([]slog.Attr, len(group))
		for i, g := range group {
			clean[i] = redactAttr(g)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(clean...)}
	}
	if sensitiveKey(a.Key) {
		switch v.Kind() {
		case slog.KindString, slog.KindAny:
			if v.Kind() == slog.KindString && v.String() == "" {
				return slog.String(a.Key, "")
			}
			return slog.String(a.Key, Mask)
		}
	}
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, Redact(v.String()))
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.String(a.Key, Redact(x.Error()))
		case fmt.Stringer:
			return slog.String(a.Key, Redact(x.String()))
		case []byte:
			return slog.String(a.Key, Redact(string(x)))
		default:
			// Structs and maps are rendered the way the text handler would;
			// only replace them when something had to be masked.
			s := fmt.Sprintf("%+v", x)
			if r := Redact(s); r != s {
				return slog.String(a.Key, r)
			}
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
