-- 009 for PostgreSQL (see migrations/009_versions.sql).
ALTER TABLE clients ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN outbox_id BIGINT;
CREATE INDEX events_outbox ON events(outbox_id) WHERE outbox_id IS NOT NULL;
