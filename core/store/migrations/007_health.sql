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

-- What the checks read of each client, kept beside the client so opening Data health reads one
-- short column instead of decoding 50,000 JSON records (one column, because reading many columns
-- of 50,000 rows costs more than splitting one). stamp is the source row's updated_at
-- (fetched_at for XPM); a row whose stamp no longer matches is read again before each check.
CREATE TABLE health_local (
    id     INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
    stamp  TEXT NOT NULL,
    fields TEXT NOT NULL   -- the fields the checks read, in core/health's order, joined by char(31)
);
CREATE TABLE health_xpm (
    uuid     TEXT PRIMARY KEY REFERENCES xpm_clients(uuid) ON DELETE CASCADE,
    stamp    TEXT NOT NULL,
    fields   TEXT NOT NULL,
    contacts TEXT NOT NULL DEFAULT '[]'   -- the XPM client's contacts, only the fields the checks read
) WITHOUT ROWID;

-- Covering indexes so Data health reads links, flags and stamps of 50,000 clients without
-- paging through their JSON.
CREATE INDEX health_clients_links ON clients(xpm_uuid, partner_staff_id, manager_staff_id, updated_at);
CREATE INDEX health_xpm_stamp ON xpm_clients(uuid, fetched_at, gone, is_deleted, is_archived);
