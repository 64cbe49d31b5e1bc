-- 006 for PostgreSQL (see migrations/006_people.sql).
ALTER TABLE contacts ADD COLUMN local_key TEXT COLLATE "C";
CREATE UNIQUE INDEX contacts_local_key ON contacts(local_key) WHERE local_key IS NOT NULL;
CREATE INDEX outbox_client_state ON outbox(client_id, state);
