package xpmfake

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"sync"
	"time"
)

// Lifetimes as Xero documents them (reference §6.5; code lifetime from Xero's auth-flow guide).
const (
	accessTTL    = 30 * time.Minute
	refreshGrace = 30 * time.Minute
	refreshIdle  = 60 * 24 * time.Hour
	codeTTL      = 5 * time.Minute
	idTokenTTL   = 5 * time.Minute
)

// signingKey is shared by every fake in the process: RSA generation is slow under -race and
// nothing depends on keys differing between servers.
var (
	keyOnce    sync.Once
	signingKey *rsa.PrivateKey
	signingKid string
)

func rsaKey() (*rsa.PrivateKey, string) {
	keyOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(fmt.Sprintf("xpmfake: generate signing key: %v", err))
		}
		signingKey = k
		sum := sha256.Sum256(k.N.Bytes())
		signingKid = base64.RawURLEncoding.EncodeToString(sum[:12])
	})
	return signingKey, signingKid
}

var b64 = base64.RawURLEncoding

// signJWT makes an RS256 JWT the way Xero's identity server issues them.
func signJWT(claims map[string]any) string {
	key, kid := rsaKey()
	hdr, _ := json.Marshal(map[string]string{"alg": "RS256", "kid": kid, "typ": "JWT"})
	body, _ := json.Marshal(claims)
	signing := b64.EncodeToString(hdr) + "." + b64.EncodeToString(body)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		panic(fmt.Sprintf("xpmfake: sign token: %v", err))
	}
	return signing + "." + b64.EncodeToString(sig)
}

// jwks is the public half of the signing key as a JSON Web Key Set.
func jwks() map[string]any {
	key, kid := rsaKey()
	e := big.NewInt(int64(key.E)).Bytes()
	return map[string]any{"keys": []map[string]any{{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
		"n": b64.EncodeToString(key.N.Bytes()), "e": b64.EncodeToString(e),
	}}}
}

func randToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("xpmfake: random: %v", err))
	}
	return b64.EncodeToString(b)
}

// grant is one user consent: the scopes it carries and every token issued from it.
type grant struct {
	id, clientID, authEventID, nonce string
	scopes                           []string
	authTime                         time.Time
	revoked                          bool
}

func (g *grant) has(scope string) bool { return slices.Contains(g.scopes, scope) }

type refreshRec struct {
	g         *grant
	issued    time.Time
	rotatedAt time.Time // zero while this is the grant's current refresh token
	successor string
}

type accessRec struct {
	g   *grant
	exp time.Time
}

// tokenSet is the JSON body of a successful /connect/token answer.
type tokenSet struct {
	IDToken      string `json:"id_token,omitempty"`
	AccessToken  string `json:"access_token"`
	ExpiresIn    int    `json:"expires_in"`
	TokenType    string `json:"token_type"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope"`
}

// issue makes an access token (and id_token when openid was granted); the caller decides
// about the refresh token. Caller holds authState.mu.
func (a *authState) issue(g *grant, issuer string) tokenSet {
	now := a.s.clock.Now()
	ttl := a.s.cfg.AccessTokenTTL
	if ttl <= 0 {
		ttl = accessTTL
	}
	u := a.s.user
	at := signJWT(map[string]any{
		"nbf": now.Unix(), "exp": now.Add(ttl).Unix(), "iss": issuer, "aud": issuer + "/resources",
		"client_id": g.clientID, "sub": u.Sub, "auth_time": g.authTime.Unix(), "xero_userid": u.UserID,
		"global_session_id": g.id, "jti": randToken(16), "authentication_event_id": g.authEventID, "scope": g.scopes,
	})
	a.access[at] = &accessRec{g: g, exp: now.Add(ttl)}
	ts := tokenSet{AccessToken: at, ExpiresIn: int(ttl / time.Second), TokenType: "Bearer", Scope: joinScopes(g.scopes)}
	if g.has("openid") {
		claims := map[string]any{
			"nbf": now.Unix(), "iat": now.Unix(), "exp": now.Add(idTokenTTL).Unix(), "iss": issuer, "aud": g.clientID,
			"sub": u.Sub, "auth_time": g.authTime.Unix(), "xero_userid": u.UserID, "global_session_id": g.id,
			"sid": g.id, "at_hash": atHash(at),
		}
		if g.nonce != "" {
			claims["nonce"] = g.nonce
		}
		if g.has("email") {
			claims["email"] = u.Email
		}
		if g.has("profile") {
			claims["given_name"], claims["family_name"], claims["preferred_username"] = u.GivenName, u.FamilyName, u.Email
		}
		ts.IDToken = signJWT(claims)
	}
	return ts
}

func atHash(at string) string {
	sum := sha256.Sum256([]byte(at))
	return b64.EncodeToString(sum[:16])
}

func (a *authState) newRefresh(g *grant) string {
	rt := randToken(32)
	a.refresh[rt] = &refreshRec{g: g, issued: a.s.clock.Now()}
	return rt
}

// refreshGrant rotates a refresh token. The previous token stays usable for 30 minutes after
// rotation (it answers with the same successor, so a retried request is harmless).
func (a *authState) refreshGrant(rt, clientID, issuer string) (tokenSet, string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.s.clock.Now()
	rec, ok := a.refresh[rt]
	if !ok || rec.g.revoked {
		return tokenSet{}, "invalid_grant"
	}
	if clientID != rec.g.clientID {
		return tokenSet{}, "invalid_client"
	}
	if now.Sub(rec.issued) > refreshIdle {
		return tokenSet{}, "invalid_grant"
	}
	if !rec.rotatedAt.IsZero() {
		if now.Sub(rec.rotatedAt) > refreshGrace {
			return tokenSet{}, "invalid_grant"
		}
		ts := a.issue(rec.g, issuer)
		ts.RefreshToken = rec.successor
		return ts, ""
	}
	ts := a.issue(rec.g, issuer)
	ts.RefreshToken = a.newRefresh(rec.g)
	rec.rotatedAt, rec.successor = now, ts.RefreshToken
	return ts, ""
}

func (a *authState) expireAllAccess() {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.s.clock.Now()
	for _, r := range a.access {
		if r.exp.After(now) {
			r.exp = now.Add(-time.Second)
		}
	}
}

func (a *authState) revokeAll() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, g := range a.grants {
		g.revoked = true
	}
	a.connected = false
}

func (a *authState) disconnect() {
	a.mu.Lock()
	a.connected = false
	a.mu.Unlock()
}
