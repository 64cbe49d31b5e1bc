-- 003: what the Clients tab keeps beyond 001/002.

-- When the user last refreshed a linked client from XPM (seed 003: "the date the details were
-- last refreshed"), kept apart from sync runs because a refresh reads one client only.
CREATE TABLE client_refresh (
    client_id    INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
    refreshed_at TEXT NOT NULL
);

-- Link suggestions: an exact name + email match is suggested, a partial one waits in the
-- "Resolve matches" queue. Nothing here links anything; the user clicks Link or Not a match.
CREATE TABLE link_suggestions (
    client_id  INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    xpm_uuid   TEXT NOT NULL,
    kind       TEXT NOT NULL,                 -- exact | partial
    reason     TEXT NOT NULL DEFAULT '',
    dismissed  INTEGER NOT NULL DEFAULT 0,    -- the user said "Not a match"; never suggested again
    created_at TEXT NOT NULL,
    PRIMARY KEY (client_id, xpm_uuid)
);
CREATE INDEX link_suggestions_open ON link_suggestions(dismissed, kind);

-- Filters of the Clients list by partner and manager.
CREATE INDEX clients_partner ON clients(partner_staff_id);
CREATE INDEX clients_manager ON clients(manager_staff_id);
CREATE INDEX clients_updated ON clients(updated_at);

-- The search index is keyed by rowid through search_refs: an FTS5 table cannot index its
-- kind/ref columns, so replacing one client's entry by ref scanned the whole index (quadratic
-- work in a 50,000-client sync). Existing entries keep their rowids.
CREATE TABLE search_refs (
    id   INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    ref  TEXT NOT NULL,
    UNIQUE (kind, ref)
);
INSERT INTO search_refs(id, kind, ref) SELECT rowid, kind, ref FROM client_search;
