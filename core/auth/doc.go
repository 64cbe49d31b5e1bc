// Package auth connects XPM Sync to Xero: the OAuth2 authorization-code flow with PKCE
// through a loopback listener (a desktop app has no client secret), the refresh-token
// session the API client draws access tokens from, and the keychain that keeps the
// refresh token between runs. Tokens live only in the keychain and in memory; every type
// that carries one redacts it when formatted or logged.
package auth
