package auth

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"xpmsync/core/model"
)

// Grant is the result of a finished login: the tokens (held in memory until the caller
// picks a practice and saves it), who logged in, and the XPM practices they can reach.
type Grant struct {
	RefreshToken Secret
	AccessToken  Secret
	Expiry       time.Time // of AccessToken
	Email        string    // from the id_token
	Name         string
	UserID       string
	Tenants      []model.Connection // PRACTICEMANAGER connections only; the caller picks when several
}

// String describes the grant without its tokens.
func (g Grant) String() string {
	return fmt.Sprintf("auth.Grant{Email:%q Name:%q Tenants:%d AccessValidUntil:%s RefreshToken:%s AccessToken:%s}",
		g.Email, g.Name, len(g.Tenants), g.Expiry.Format(time.RFC3339), redacted, redacted)
}

// Format prints String under every verb, so %+v and %#v cannot reach the fields.
func (g Grant) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(g.String())) }

// LogValue logs the grant without its tokens.
func (g Grant) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("email", g.Email),
		slog.Int("tenants", len(g.Tenants)),
		slog.Time("access_valid_until", g.Expiry),
	)
}

// idClaims are the OIDC claims we show ("connected as …"). Exact Xero claim names are not
// confirmed, so several spellings are read.
type idClaims struct {
	Email             string `json:"email"`
	Name              string `json:"name"`
	GivenName         string `json:"given_name"`
	FamilyName        string `json:"family_name"`
	PreferredUsername string `json:"preferred_username"`
	XeroUserID        string `json:"xero_userid"`
	Sub               string `json:"sub"`
}

// parseIDToken reads the id_token's claims without checking its signature: it came
// straight from the token endpoint over TLS, which OIDC Core §3.1.3.7 accepts in place of
// signature validation, and it only feeds a display name.
func parseIDToken(tok Secret) (idClaims, bool) {
	parts := strings.Split(tok.Reveal(), ".")
	if len(parts) < 2 {
		return idClaims{}, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return idClaims{}, false
	}
	var c idClaims
	if json.Unmarshal(raw, &c) != nil {
		return idClaims{}, false
	}
	if c.Name == "" {
		c.Name = strings.TrimSpace(c.GivenName + " " + c.FamilyName)
	}
	if c.Email == "" && strings.Contains(c.PreferredUsername, "@") {
		c.Email = c.PreferredUsername
	}
	if c.XeroUserID == "" {
		c.XeroUserID = c.Sub
	}
	return c, true
}
