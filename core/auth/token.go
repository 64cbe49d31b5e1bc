package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/oauth2"
)

// TokenError is a refusal from Xero's token endpoint, reduced to the RFC 6749 error code
// and description; the raw body is dropped because it may echo what we sent.
type TokenError struct {
	Status      int    // HTTP status, 0 if unknown
	Code        string // e.g. "invalid_grant", "invalid_client"
	Description string
}

func (e *TokenError) Error() string {
	s := "Xero's token endpoint refused the request"
	if e.Code != "" {
		s += ": " + e.Code
	}
	if e.Description != "" {
		s += " (" + e.Description + ")"
	}
	if e.Code == "" && e.Status != 0 {
		s += fmt.Sprintf(": HTTP %d", e.Status)
	}
	return s
}

// isInvalidGrant reports whether err means the refresh token or code is no longer good.
func isInvalidGrant(err error) bool {
	var te *TokenError
	return errors.As(err, &te) && te.Code == "invalid_grant"
}

// isInvalidClient reports whether Xero no longer knows the app's client ID.
func isInvalidClient(err error) bool {
	var te *TokenError
	return errors.As(err, &te) && te.Code == "invalid_client"
}

// oauth2Config maps our Config onto x/oauth2. Client ID goes in the form body: a PKCE
// app has no secret, so there is no Basic auth to send.
func (c Config) oauth2Config(redirect string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: c.ClientID,
		Endpoint: oauth2.Endpoint{
			AuthURL:   c.Endpoints.Authorize,
			TokenURL:  c.Endpoints.Token,
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: redirect,
		Scopes:      c.Scopes,
	}
}

func (c Config) clientCtx(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, c.HTTPClient)
}

// tokenResult is one token-endpoint answer with the expiry taken from our clock, so a
// test clock (or the fake's) governs refresh decisions consistently.
type tokenResult struct {
	access  Secret
	refresh Secret
	idToken Secret
	expiry  time.Time
}

func (c Config) toResult(t *oauth2.Token, issued time.Time) tokenResult {
	r := tokenResult{access: Secret(t.AccessToken), refresh: Secret(t.RefreshToken)}
	if id, ok := t.Extra("id_token").(string); ok {
		r.idToken = Secret(id)
	}
	switch {
	case t.ExpiresIn > 0:
		r.expiry = issued.Add(time.Duration(t.ExpiresIn) * time.Second)
	default:
		// Xero documents 30 minutes; without expires_in assume that rather than forever.
		r.expiry = issued.Add(30 * time.Minute)
	}
	return r
}

func wrapTokenErr(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		te := &TokenError{Code: re.ErrorCode, Description: re.ErrorDescription}
		if re.Response != nil {
			te.Status = re.Response.StatusCode
		}
		return te
	}
	return err
}

// exchange trades an authorization code (with its PKCE verifier) for tokens.
func (c Config) exchange(ctx context.Context, redirect string, code, verifier Secret) (tokenResult, error) {
	issued := c.Now()
	t, err := c.oauth2Config(redirect).Exchange(c.clientCtx(ctx), code.Reveal(), oauth2.VerifierOption(verifier.Reveal()))
	if err != nil {
		return tokenResult{}, wrapTokenErr(err)
	}
	return c.toResult(t, issued), nil
}

// refresh uses a refresh token once. Xero rotates it: the result carries the new one.
func (c Config) refresh(ctx context.Context, rt Secret) (tokenResult, error) {
	issued := c.Now()
	src := c.oauth2Config("").TokenSource(c.clientCtx(ctx), &oauth2.Token{RefreshToken: rt.Reveal()})
	t, err := src.Token()
	if err != nil {
		return tokenResult{}, wrapTokenErr(err)
	}
	r := c.toResult(t, issued)
	if r.refresh == "" {
		r.refresh = rt // no rotation this time; keep using the one we have
	}
	return r, nil
}

// statusErr turns a non-2xx response into an error naming the call.
func statusErr(what string, resp *http.Response) error {
	return fmt.Errorf("%s: Xero answered HTTP %d", what, resp.StatusCode)
}
