// Package xpmtest connects tests to the fake XPM over loopback, signed in like the app: it runs
// core/xpmfake, goes through its OAuth2 authorization-code + PKCE endpoints and hands back a
// real core/xpm client, so tests exercise the same wire path the app does.
package xpmtest
