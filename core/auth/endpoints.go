package auth

import (
	"fmt"
	"net/url"
	"strings"
)

// Endpoints are the Xero URLs the app talks to. They are kept together so one base URL
// (--xero-base) can point all of them at the fake server at once.
type Endpoints struct {
	Authorize   string // browser consent page
	Token       string // code exchange and refresh
	Revocation  string // refresh-token revocation on disconnect
	UserInfo    string // OIDC userinfo (unused while the id_token carries the claims)
	Connections string // GET lists tenants, DELETE /{id} removes one
	API         string // scheme+host of the XPM API; the client appends /practicemanager/3.1/…
}

// The real Xero URLs (xpm-api.md §6.1).
const (
	xeroAuthorize   = "https://login.xero.com/identity/connect/authorize"
	xeroToken       = "https://identity.xero.com/connect/token"
	xeroRevocation  = "https://identity.xero.com/connect/revocation"
	xeroUserInfo    = "https://identity.xero.com/connect/userinfo"
	xeroConnections = "https://api.xero.com/connections"
	xeroAPI         = "https://api.xero.com"
)

// XeroEndpoints returns the real Xero endpoints for base "" and otherwise the same
// endpoints with scheme and host replaced by base's (paths kept), so the one binary can
// talk to the fake. Use ParseXeroBase first when base comes from a user.
func XeroEndpoints(base string) Endpoints {
	e, err := ParseXeroBase(base)
	if err != nil {
		// Keep the bad base visible in every URL so requests fail loudly with it rather
		// than silently going to real Xero.
		b := strings.TrimRight(base, "/")
		return Endpoints{
			Authorize:   b + "/identity/connect/authorize",
			Token:       b + "/connect/token",
			Revocation:  b + "/connect/revocation",
			UserInfo:    b + "/connect/userinfo",
			Connections: b + "/connections",
			API:         b,
		}
	}
	return e
}

// ParseXeroBase validates a --xero-base value (scheme://host[:port], nothing else) and
// returns the endpoints it stands for; "" means real Xero.
func ParseXeroBase(base string) (Endpoints, error) {
	e := Endpoints{
		Authorize:   xeroAuthorize,
		Token:       xeroToken,
		Revocation:  xeroRevocation,
		UserInfo:    xeroUserInfo,
		Connections: xeroConnections,
		API:         xeroAPI,
	}
	if base == "" {
		return e, nil
	}
	u, err := url.Parse(base)
	if err != nil {
		return Endpoints{}, fmt.Errorf("xero base %q is not a URL: %w", base, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Endpoints{}, fmt.Errorf("xero base %q must look like http://127.0.0.1:8080 (scheme and host)", base)
	}
	if strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" {
		return Endpoints{}, fmt.Errorf("xero base %q must be scheme and host only, without a path", base)
	}
	swap := func(s string) string {
		v, _ := url.Parse(s) // constants above, always valid
		v.Scheme, v.Host = u.Scheme, u.Host
		return v.String()
	}
	e.Authorize = swap(e.Authorize)
	e.Token = swap(e.Token)
	e.Revocation = swap(e.Revocation)
	e.UserInfo = swap(e.UserInfo)
	e.Connections = swap(e.Connections)
	e.API = swap(e.API)
	return e, nil
}

// IsRealXero reports whether the endpoints are Xero's own rather than a fake's.
func (e Endpoints) IsRealXero() bool { return e.Token == xeroToken }
