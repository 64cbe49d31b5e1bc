-- 006: contacts and relationships edited here (issue 13).

-- A contact added here has no XPM UUID until XPM accepts it, and a client's own contacts are
-- rewritten on every save, so their row IDs change. local_key is the stable name a queued
-- "add this contact to XPM" refers to, kept across those rewrites.
ALTER TABLE contacts ADD COLUMN local_key TEXT;
CREATE UNIQUE INDEX contacts_local_key ON contacts(local_key) WHERE local_key IS NOT NULL;

-- The outbox is read per kind of change when a client's waiting and refused items are shown.
CREATE INDEX outbox_client_state ON outbox(client_id, state);
