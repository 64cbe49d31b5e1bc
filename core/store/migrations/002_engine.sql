-- 002: what the sync engine needs beyond 001.

-- A record's issues are replaced each time its client is synced again, so the summary always
-- shows what is wrong now; client_uuid says which XPM client the issue belongs to.
ALTER TABLE sync_issues ADD COLUMN client_uuid TEXT NOT NULL DEFAULT '';
CREATE INDEX sync_issues_client ON sync_issues(client_uuid);

-- The outbox is read per client in order; the key lets an add be matched to the local record
-- that asked for it when its outcome is unknown.
ALTER TABLE outbox ADD COLUMN sent_at TEXT;
CREATE INDEX outbox_client ON outbox(client_id, id);
