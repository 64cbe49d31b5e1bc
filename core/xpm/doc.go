// Package xpm is the client for the Xero Practice Manager API v3.1 (XML); Xero's /connections
// endpoint belongs to core/auth, which signs in and picks the practice. It streams large lists element by element, maps every documented
// client, contact, relationship, group and staff field onto core/model, honours Xero's
// per-tenant rate limits before the gateway has to refuse, and turns gateway and XPM
// failures into typed errors the sync engine can act on.
package xpm
