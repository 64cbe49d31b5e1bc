-- 002 for PostgreSQL (see migrations/002_engine.sql).
ALTER TABLE sync_issues ADD COLUMN client_uuid TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX sync_issues_client ON sync_issues(client_uuid);
ALTER TABLE outbox ADD COLUMN sent_at TEXT COLLATE "C";
CREATE INDEX outbox_client ON outbox(client_id, id);
