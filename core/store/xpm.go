package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"xpmsync/core/model"
)

// XPMClient is the mirror of one XPM client as last fetched.
type XPMClient struct {
	model.Client
	Gone      bool // absent from the last full list (deleted outright or merged away)
	SeenRun   int64
	FetchedAt time.Time
	LinkedID  int64 // local client linked to it; 0 = none
}

// UpsertXPMClients stores a batch of clients fetched in run runID, in one transaction.
// It reports how many rows were new or changed, so a repeated sync can prove it changed nothing.
func (s *Store) UpsertXPMClients(ctx context.Context, runID int64, cs []model.Client) (changed int, err error) {
	err = s.WithTx(ctx, func(tx *sql.Tx) error {
		n, err := s.UpsertXPMClientsTx(ctx, tx, runID, cs)
		changed = n
		return err
	})
	return changed, err
}

// UpsertXPMClientsTx is UpsertXPMClients inside the caller's transaction.
func (s *Store) UpsertXPMClientsTx(ctx context.Context, tx *sql.Tx, runID int64, cs []model.Client) (int, error) {
	w := s.NewClientWriter(NewTxStmts(tx))
	n, err := w.UpsertXPMClients(ctx, runID, cs)
	if err != nil {
		return n, err
	}
	return n, w.Flush(ctx)
}

// UpsertXPMClients is UpsertXPMClientsTx through w: the clients' index entries wait for Flush.
func (w *ClientWriter) UpsertXPMClients(ctx context.Context, runID int64, cs []model.Client) (int, error) {
	return w.UpsertXPMClientsJSON(ctx, runID, cs, nil)
}

// UpsertXPMClientsJSON is UpsertXPMClients given data[i] = XPMClientJSON(&cs[i]) computed ahead
// (missing or "": computed here), so a caller can encode on another goroutine than the writer.
func (w *ClientWriter) UpsertXPMClientsJSON(ctx context.Context, runID int64, cs []model.Client, data []string) (int, error) {
	s, q := w.s, w.q
	now := ts(s.Now())
	held, err := mirrored(ctx, q, cs)
	if err != nil {
		return 0, err
	}
	changed := 0
	for i := range cs {
		c := &cs[i]
		var enc string
		if i < len(data) {
			enc = data[i]
		}
		if enc == "" {
			var err error
			if enc, err = XPMClientJSON(c); err != nil {
				return changed, err
			}
		}
		if old, ok := held[c.UUID]; ok && old.data == enc && !old.gone {
			if _, err := q.ExecContext(ctx, `UPDATE xpm_clients SET seen_run = ? WHERE uuid = ?`, runID, c.UUID); err != nil {
				return changed, fmt.Errorf("touch client %s: %w", c.UUID, err)
			}
			continue
		}
		held[c.UUID] = mirrorRow{data: enc} // a client listed twice in a batch compares with its first copy
		if _, err := q.ExecContext(ctx, `INSERT INTO xpm_clients(uuid, name, email, phone, client_code, is_archived, is_deleted, gone, data, seen_run, fetched_at)
		VALUES(?,?,?,?,?,?,?,0,?,?,?)
		ON CONFLICT(uuid) DO UPDATE SET name=excluded.name, email=excluded.email, phone=excluded.phone,
		client_code=excluded.client_code, is_archived=excluded.is_archived, is_deleted=excluded.is_deleted,
		gone=0, data=excluded.data, seen_run=excluded.seen_run, fetched_at=excluded.fetched_at`, c.UUID, c.Name, c.Email, c.Phone, c.ClientCode,
			b2i(c.IsArchived), b2i(c.IsDeleted), enc, runID, now); err != nil {
			return changed, fmt.Errorf("save client %s: %w", c.UUID, err)
		}
		w.queueXPM(c)
		changed++
	}
	return changed, nil
}

// mirrorRow is what the mirror holds for one client, as far as an upsert compares it.
type mirrorRow struct {
	data string
	gone bool
}

// mirrored reads the mirror rows of a batch of clients in one query (a fresh mirror has none).
func mirrored(ctx context.Context, q Queryer, cs []model.Client) (map[string]mirrorRow, error) {
	uuids := make([]string, len(cs))
	for i := range cs {
		uuids[i] = cs[i].UUID
	}
	list, err := json.Marshal(uuids)
	if err != nil {
		return nil, fmt.Errorf("read XPM clients: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT uuid, data, gone FROM xpm_clients WHERE uuid IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, fmt.Errorf("read XPM clients: %w", err)
	}
	defer rows.Close()
	out := make(map[string]mirrorRow, len(cs))
	for rows.Next() {
		var u string
		var r mirrorRow
		if err := rows.Scan(&u, &r.data, &r.gone); err != nil {
			return nil, fmt.Errorf("read XPM clients: %w", err)
		}
		out[u] = r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read XPM clients: %w", err)
	}
	return out, nil
}

// MarkGoneExcept flags every mirrored client not returned by full-list run runID as gone and
// returns their UUIDs. Nothing is deleted: the user decides what a disappearance means.
// listed is how many clients the run listed (0: not known). Every client a run lists is in
// the mirror and not gone, so when the mirror holds no more live clients than that, none is
// missing: an index answers that, where finding the missing ones reads every mirrored client
// (50 ms of a 15,000-client full sync, usually to find none).
func (s *Store) MarkGoneExcept(ctx context.Context, runID int64, listed int) ([]string, error) {
	var uuids []string
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		if listed > 0 {
			var live int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM xpm_clients WHERE gone = 0`).Scan(&live); err != nil {
				return fmt.Errorf("count mirrored clients: %w", err)
			}
			if live == listed {
				return nil
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT uuid FROM xpm_clients WHERE seen_run <> ? AND gone = 0`, runID)
		if err != nil {
			return fmt.Errorf("find clients missing from XPM: %w", err)
		}
		for rows.Next() {
			var u string
			if err := rows.Scan(&u); err != nil {
				rows.Close()
				return err
			}
			uuids = append(uuids, u)
		}
		rows.Close()
		for _, u := range uuids {
			if _, err := tx.ExecContext(ctx, `UPDATE xpm_clients SET gone = 1 WHERE uuid = ?`, u); err != nil {
				return fmt.Errorf("flag client %s as gone: %w", u, err)
			}
		}
		return rows.Err()
	})
	return uuids, err
}

// XPMClientByUUID reads one mirrored client.
func (s *Store) XPMClientByUUID(ctx context.Context, uuid string) (XPMClient, error) {
	var x XPMClient
	var data, fetched string
	var linked sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT x.data, x.gone, x.seen_run, x.fetched_at, c.id
		FROM xpm_clients x LEFT JOIN clients c ON c.xpm_uuid = x.uuid WHERE x.uuid = ?`, uuid).
		Scan(&data, &x.Gone, &x.SeenRun, &fetched, &linked)
	if errors.Is(err, sql.ErrNoRows) {
		return x, fmt.Errorf("XPM client %s: %w", uuid, ErrNotFound)
	}
	if err != nil {
		return x, fmt.Errorf("read XPM client %s: %w", uuid, err)
	}
	if err := json.Unmarshal([]byte(data), &x.Client); err != nil {
		return x, fmt.Errorf("decode XPM client %s: %w", uuid, err)
	}
	x.FetchedAt = parseTS(fetched)
	x.LinkedID = linked.Int64
	return x, nil
}

// HasUnimportedXPMClients reports whether any live, unarchived XPM client has no local client
// linked to it. It reads only an index, where listing them reads every mirrored client.
func (s *Store) HasUnimportedXPMClients(ctx context.Context) (bool, error) {
	var found bool
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM xpm_clients x WHERE x.gone = 0 AND x.is_deleted = 0
		AND x.is_archived = 0 AND NOT EXISTS (SELECT 1 FROM clients c WHERE c.xpm_uuid = x.uuid))`).Scan(&found)
	if err != nil {
		return false, fmt.Errorf("look for XPM clients not imported: %w", err)
	}
	return found, nil
}

// XPMClientCount counts mirrored clients that are neither deleted nor gone.
func (s *Store) XPMClientCount(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM xpm_clients WHERE gone = 0 AND is_deleted = 0`).Scan(&n)
	return n, err
}

// UpsertXPMStaff replaces the XPM staff mirror with list, flagging staff no longer listed as gone.
func (s *Store) UpsertXPMStaff(ctx context.Context, list []model.Staff) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		now := ts(s.Now())
		if _, err := tx.ExecContext(ctx, `UPDATE xpm_staff SET gone = 1`); err != nil {
			return fmt.Errorf("reset staff mirror: %w", err)
		}
		for _, st := range list {
			data, _ := json.Marshal(st)
			if _, err := tx.ExecContext(ctx, `INSERT INTO xpm_staff(uuid, name, email, data, gone, fetched_at) VALUES(?,?,?,?,0,?)
				ON CONFLICT(uuid) DO UPDATE SET name=excluded.name, email=excluded.email, data=excluded.data, gone=0, fetched_at=excluded.fetched_at`,
				st.UUID, st.Name, strings.TrimSpace(st.Email), string(data), now); err != nil {
				return fmt.Errorf("save staff %s: %w", st.UUID, err)
			}
		}
		return nil
	})
}

// XPMStaff lists the mirrored XPM staff that XPM still returns.
func (s *Store) XPMStaff(ctx context.Context) ([]model.Staff, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT data FROM xpm_staff WHERE gone = 0 ORDER BY name COLLATE NOCASE`)
	if err != nil {
		return nil, fmt.Errorf("list XPM staff: %w", err)
	}
	defer rows.Close()
	var out []model.Staff
	for rows.Next() {
		var data string
		var st model.Staff
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(data), &st); err != nil {
			return nil, fmt.Errorf("decode staff: %w", err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}
