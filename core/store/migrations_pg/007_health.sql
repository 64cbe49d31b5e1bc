-- 007 for PostgreSQL (see migrations/007_health.sql).
CREATE TABLE health_dismissals (
    key          TEXT COLLATE "C" PRIMARY KEY,
    check_id     TEXT COLLATE "C" NOT NULL,
    fingerprint  TEXT COLLATE "C" NOT NULL,
    dismissed_by TEXT COLLATE "C" NOT NULL DEFAULT '',
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
    id         BIGINT PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
    stamp      TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C", first_name TEXT COLLATE "C", last_name TEXT COLLATE "C", dob TEXT COLLATE "C",
    email TEXT COLLATE "C", phone TEXT COLLATE "C", postal TEXT COLLATE "C", post_code TEXT COLLATE "C",
    country TEXT COLLATE "C", postal_code TEXT COLLATE "C", postal_country TEXT COLLATE "C", business TEXT COLLATE "C",
    company TEXT COLLATE "C", tax_number TEXT COLLATE "C", prospect INTEGER, archived INTEGER, web_url TEXT COLLATE "C",
    partner_uuid TEXT COLLATE "C", manager_uuid TEXT COLLATE "C"
);
CREATE TABLE health_xpm (
    uuid       TEXT COLLATE "C" PRIMARY KEY REFERENCES xpm_clients(uuid) ON DELETE CASCADE,
    stamp      TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C", first_name TEXT COLLATE "C", last_name TEXT COLLATE "C", dob TEXT COLLATE "C",
    email TEXT COLLATE "C", phone TEXT COLLATE "C", postal TEXT COLLATE "C", post_code TEXT COLLATE "C",
    country TEXT COLLATE "C", postal_code TEXT COLLATE "C", postal_country TEXT COLLATE "C", business TEXT COLLATE "C",
    company TEXT COLLATE "C", tax_number TEXT COLLATE "C", prospect INTEGER, archived INTEGER, web_url TEXT COLLATE "C",
    partner_uuid TEXT COLLATE "C", manager_uuid TEXT COLLATE "C",
    contacts   TEXT COLLATE "C" NOT NULL DEFAULT '[]'
);
