-- 005: importing a client's details, people and entities from XPM with review (seed 004).

-- One row per XPM item an import found for a local client: a relationship, a contact, or the
-- client's own details. The person decides each new item (import, ignore, link to existing);
-- an ignored item is offered again by the next import, while imported and linked items are
-- matched by their XPM UUID and never offered again, so nothing is duplicated.
CREATE TABLE import_items (
    id            INTEGER PRIMARY KEY,
    client_id     INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,               -- relationship | contact | details
    xpm_uuid      TEXT NOT NULL,               -- the XPM item's UUID (the client's UUID for details)
    name          TEXT NOT NULL DEFAULT '',    -- the person or entity, as XPM names it
    label         TEXT NOT NULL DEFAULT '',    -- relationship type or contact position
    payload       TEXT NOT NULL,               -- the XPM item as JSON, as last fetched
    state         TEXT NOT NULL DEFAULT 'new', -- new | ignored | imported | linked
    local_id      INTEGER,                     -- the local relationship/contact it became or replaced
    local_name    TEXT NOT NULL DEFAULT '',    -- that local item's name when decided
    first_seen_at TEXT NOT NULL,
    seen_at       TEXT NOT NULL,               -- the last import that found it
    decided_at    TEXT,
    UNIQUE (client_id, kind, xpm_uuid)
);
CREATE INDEX import_items_state ON import_items(state, client_id);

-- An email recorded for a person or entity while importing it (no invitation is sent).
ALTER TABLE relationships ADD COLUMN email TEXT NOT NULL DEFAULT '';

-- People made co-owners of a client's account when imported. Kept apart from client_contacts,
-- which a sync rewrites. The email is unique among co-owners; the importer also checks it against
-- every client's and contact's email.
CREATE TABLE account_co_owners (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL,
    item_id    INTEGER REFERENCES import_items(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX account_co_owners_email ON account_co_owners(lower(email));
