-- 007 for PostgreSQL (see migrations/007_health.sql). The tables are here so both engines share
-- one schema version; the Data health checks themselves read SQLite only for now.
CREATE TABLE health_dismissals (
    key          TEXT COLLATE "C" PRIMARY KEY,
    check_id     TEXT COLLATE "C" NOT NULL,
    fingerprint  TEXT COLLATE "C" NOT NULL,
    dismissed_by TEXT NOT NULL DEFAULT '',
    dismissed_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE health_trend (
    at       TEXT COLLATE "C" NOT NULL,
    run_id   BIGINT,
    check_id TEXT COLLATE "C" NOT NULL,
    count    INTEGER NOT NULL,
    PRIMARY KEY (at, check_id)
);
CREATE TABLE health_local (
    id     BIGINT PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
    stamp  TEXT COLLATE "C" NOT NULL,
    fields TEXT NOT NULL
);
CREATE TABLE health_xpm (
    uuid     TEXT COLLATE "C" PRIMARY KEY REFERENCES xpm_clients(uuid) ON DELETE CASCADE,
    stamp    TEXT COLLATE "C" NOT NULL,
    fields   TEXT NOT NULL,
    contacts TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX health_clients_links ON clients(xpm_uuid, partner_staff_id, manager_staff_id, updated_at);
CREATE INDEX health_xpm_stamp ON xpm_clients(uuid, fetched_at, gone, is_deleted, is_archived);
