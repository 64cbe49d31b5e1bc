// Package syncer is the sync engine: it pulls clients and staff from XPM into the store,
// applies the direction × level × field-class rules of the sync settings to linked local
// clients, detects conflicts against a per-client baseline, validates contacts, and pushes
// local edits to XPM through a durable outbox. It knows nothing of the UI.
package syncer
