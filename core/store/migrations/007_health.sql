-- 007: data health (issue 17).

-- "Not a problem": a finding the user dismissed. key names the finding (check, clients, field);
-- fingerprint digests the data it was found in, so the finding shows again once that data changes.
CREATE TABLE health_dismissals (
    key          TEXT PRIMARY KEY,
    check_id     TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    dismissed_by TEXT NOT NULL DEFAULT '',
    dismissed_at TEXT NOT NULL
);

-- Open findings per check after each sync, for the 90-day trend chart.
CREATE TABLE health_trend (
    at       TEXT NOT NULL,
    run_id   INTEGER,
    check_id TEXT NOT NULL,
    count    INTEGER NOT NULL,
    PRIMARY KEY (at, check_id)
);

-- What the checks read of each client, kept beside the client so opening Data health reads short
-- columns instead of decoding 50,000 JSON records. stamp is the source row's updated_at
-- (fetched_at for XPM); a row whose stamp no longer matches is read again before each check.
CREATE TABLE health_local (
    id         INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
    stamp      TEXT NOT NULL,
    name TEXT, first_name TEXT, last_name TEXT, dob TEXT, email TEXT, phone TEXT, postal TEXT,
    post_code TEXT, country TEXT, postal_code TEXT, postal_country TEXT, business TEXT, company TEXT,
    tax_number TEXT, prospect INTEGER, archived INTEGER, web_url TEXT, partner_uuid TEXT, manager_uuid TEXT
);
CREATE TABLE health_xpm (
    uuid       TEXT PRIMARY KEY REFERENCES xpm_clients(uuid) ON DELETE CASCADE,
    stamp      TEXT NOT NULL,
    name TEXT, first_name TEXT, last_name TEXT, dob TEXT, email TEXT, phone TEXT, postal TEXT,
    post_code TEXT, country TEXT, postal_code TEXT, postal_country TEXT, business TEXT, company TEXT,
    tax_number TEXT, prospect INTEGER, archived INTEGER, web_url TEXT, partner_uuid TEXT, manager_uuid TEXT,
    contacts   TEXT NOT NULL DEFAULT '[]'   -- the XPM client's contacts, only the fields the checks read
) WITHOUT ROWID;
