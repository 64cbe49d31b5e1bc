-- 001: the first schema. Local records (what the practice keeps) and XPM mirrors (what XPM
-- last said) are separate tables so a sync can always compare the two and never lose either.

-- Local clients: the practice's own records. xpm_uuid links one to its XPM client.
CREATE TABLE clients (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    client_code TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL,               -- model.Client as JSON (contacts live in their own tables)
    xpm_uuid    TEXT UNIQUE,                 -- NULL = not linked
    link_how    TEXT NOT NULL DEFAULT '',    -- import | manual | created
    linked_at   TEXT,
    partner_staff_id INTEGER REFERENCES staff(id) ON DELETE SET NULL,
    manager_staff_id INTEGER REFERENCES staff(id) ON DELETE SET NULL,
    review      TEXT NOT NULL DEFAULT '',    -- why the user should look: conflict | deleted | archived | merged | invalid
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX clients_name ON clients(name COLLATE NOCASE);

-- XPM mirror: the latest record XPM returned, kept whole so nothing it said is lost.
CREATE TABLE xpm_clients (
    uuid         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    client_code  TEXT NOT NULL DEFAULT '',
    is_archived  INTEGER NOT NULL DEFAULT 0,
    is_deleted   INTEGER NOT NULL DEFAULT 0,
    gone         INTEGER NOT NULL DEFAULT 0,  -- absent from the last full list
    data         TEXT NOT NULL,               -- model.Client as JSON, contacts included
    seen_run     INTEGER NOT NULL DEFAULT 0,  -- sync run that last returned it
    fetched_at   TEXT NOT NULL
);
CREATE INDEX xpm_clients_name ON xpm_clients(name COLLATE NOCASE);

-- Baseline: the field values both sides agreed on at the last sync of a linked client; a field
-- that moved on both sides since then is a conflict.
CREATE TABLE client_baselines (
    client_id INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
    data      TEXT NOT NULL,
    synced_at TEXT NOT NULL
);

-- Local contacts; one contact can belong to several clients (XPM's clientUuid rule).
CREATE TABLE contacts (
    id         INTEGER PRIMARY KEY,
    xpm_uuid   TEXT UNIQUE,
    name       TEXT NOT NULL DEFAULT '',
    salutation TEXT NOT NULL DEFAULT '',
    addressee  TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    mobile     TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE TABLE client_contacts (
    client_id  INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    position   TEXT NOT NULL DEFAULT '',
    is_primary INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (client_id, contact_id)
);
CREATE INDEX client_contacts_contact ON client_contacts(contact_id);

-- Local team members and the XPM staff mirror.
CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    mobile     TEXT NOT NULL DEFAULT '',
    xpm_uuid   TEXT UNIQUE,
    link_how   TEXT NOT NULL DEFAULT '',      -- email | manual | import | created
    create_due TEXT,                          -- when the 24-hour rule creates it in XPM; NULL = not pending
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE xpm_staff (
    uuid       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL DEFAULT '',
    data       TEXT NOT NULL,
    gone       INTEGER NOT NULL DEFAULT 0,
    fetched_at TEXT NOT NULL
);

-- Relationships between local clients (Director, Shareholder, Trustee, …).
CREATE TABLE relationships (
    id               INTEGER PRIMARY KEY,
    client_id        INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    related_client_id INTEGER REFERENCES clients(id) ON DELETE SET NULL,
    related_name     TEXT NOT NULL DEFAULT '',
    type             TEXT NOT NULL,
    number_of_shares TEXT NOT NULL DEFAULT '',
    percentage       TEXT NOT NULL DEFAULT '',
    start_date       TEXT NOT NULL DEFAULT '',
    end_date         TEXT NOT NULL DEFAULT '',
    xpm_uuid         TEXT UNIQUE
);
CREATE INDEX relationships_client ON relationships(client_id);

-- Client groups (always from XPM).
CREATE TABLE groups (
    id       INTEGER PRIMARY KEY,
    xpm_uuid TEXT UNIQUE,
    name     TEXT NOT NULL
);
CREATE TABLE group_members (
    group_id  INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, client_id)
);

-- Key/value settings (typed access in store/settings.go).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Sync cursors and other engine state; advanced only after the data it covers is committed.
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per sync run.
CREATE TABLE sync_runs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,               -- full | delta | push | staff
    trigger     TEXT NOT NULL DEFAULT '',    -- manual | schedule | nightly | demo | cli
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    status      TEXT NOT NULL DEFAULT 'running', -- running | ok | failed | cancelled
    message     TEXT NOT NULL DEFAULT '',
    clients     INTEGER NOT NULL DEFAULT 0,
    contacts    INTEGER NOT NULL DEFAULT 0,
    staff       INTEGER NOT NULL DEFAULT 0,
    changes     INTEGER NOT NULL DEFAULT 0,
    api_calls   INTEGER NOT NULL DEFAULT 0
);

-- Integration events: everything a sync or the user did, for the Integration Progress tab.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    run_id      INTEGER REFERENCES sync_runs(id) ON DELETE SET NULL,
    kind        TEXT NOT NULL,               -- sync_started, client_updated, conflict, validation_failed, …
    result      TEXT NOT NULL DEFAULT 'ok',  -- ok | failed | skipped | warning | pending
    client_id   INTEGER,
    xpm_uuid    TEXT NOT NULL DEFAULT '',
    client_name TEXT NOT NULL DEFAULT '',
    details     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_at ON events(at);

-- Every applied field change, per client, from either side.
CREATE TABLE field_history (
    id        INTEGER PRIMARY KEY,
    client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    field     TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    source    TEXT NOT NULL,                 -- xpm | local | user | conflict
    at        TEXT NOT NULL,
    run_id    INTEGER
);
CREATE INDEX field_history_client ON field_history(client_id, at);

-- Durable outbox of changes to send to XPM; survives crashes and offline periods.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER REFERENCES clients(id) ON DELETE CASCADE,
    staff_id   INTEGER REFERENCES staff(id) ON DELETE CASCADE,
    op         TEXT NOT NULL,                -- update_client | add_client | update_contact | add_staff …
    payload    TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'pending', -- pending | sending | unknown | done | failed
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    TEXT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX outbox_pending ON outbox(state, next_at);

-- Records a sync could not import (seed 002's "Download sync summary").
CREATE TABLE sync_issues (
    id       INTEGER PRIMARY KEY,
    run_id   INTEGER REFERENCES sync_runs(id) ON DELETE CASCADE,
    at       TEXT NOT NULL,
    record   TEXT NOT NULL,                  -- client | contact | staff
    xpm_uuid TEXT NOT NULL DEFAULT '',
    name     TEXT NOT NULL DEFAULT '',
    field    TEXT NOT NULL DEFAULT '',
    value    TEXT NOT NULL DEFAULT '',
    reason   TEXT NOT NULL
);

-- Search index over local and XPM-only clients: one row per list row (kind L or X).
CREATE VIRTUAL TABLE client_search USING fts5(
    kind UNINDEXED, ref UNINDEXED, name, email, phone, contacts, code,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
