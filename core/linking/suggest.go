package linking

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Suggestion kinds.
const (
	// Exact: same name (ignoring case and punctuation) and same email. Suggested, not linked.
	Exact = "exact"
	// Partial: same name or same email but not both, or the same name once words like "Ltd" or
	// "Trust" are ignored. Waits in the "Resolve matches" queue.
	Partial = "partial"
)

// Suggestion is a possible link between an unlinked local client and an XPM client.
type Suggestion struct {
	ClientID    int64
	ClientName  string
	ClientEmail string
	XPMUUID     string
	XPMName     string
	XPMEmail    string
	Kind        string
	Reason      string
}

type side struct {
	key         string // local client ID or XPM UUID
	name, email string
}

// RefreshSuggestions works out the link suggestions afresh between unlinked local clients and
// XPM clients no local client is linked to. Suggestions the user dismissed stay dismissed.
// It returns how many open suggestions there are of each kind.
func (s *Service) RefreshSuggestions(ctx context.Context) (exact, partial int, err error) {
	read := func(q string) ([]side, error) {
		rows, err := s.st.DB().QueryContext(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("read clients to match: %w", err)
		}
		defer rows.Close()
		var out []side
		for rows.Next() {
			var sd side
			if err := rows.Scan(&sd.key, &sd.name, &sd.email); err != nil {
				return nil, err
			}
			out = append(out, sd)
		}
		return out, rows.Err()
	}
	locals, err := read(`SELECT CAST(id AS TEXT), name, email FROM clients WHERE xpm_uuid IS NULL`)
	if err != nil {
		return 0, 0, err
	}
	var remotes []side
	if len(locals) > 0 { // with no unlinked client here there is nothing to match XPM's against
		remotes, err = read(`SELECT uuid, name, email FROM xpm_clients x WHERE gone = 0 AND is_deleted = 0
		AND NOT EXISTS (SELECT 1 FROM clients c WHERE c.xpm_uuid = x.uuid)`)
		if err != nil {
			return 0, 0, err
		}
	}
	byName, byEmail, byCore := map[string][]side{}, map[string][]side{}, map[string][]side{}
	for _, r := range remotes {
		if n := NormalizeName(r.name); n != "" {
			byName[n] = append(byName[n], r)
		}
		if e := NormalizeEmail(r.email); e != "" {
			byEmail[e] = append(byEmail[e], r)
		}
		if c := coreName(r.name); c != "" {
			byCore[c] = append(byCore[c], r)
		}
	}
	type found struct{ kind, reason string }
	now := s.now().Format(time.RFC3339Nano)
	err = s.st.WithTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM link_suggestions WHERE dismissed = 0`); err != nil {
			return fmt.Errorf("clear old suggestions: %w", err)
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO link_suggestions(client_id, xpm_uuid, kind, reason, created_at) VALUES(?,?,?,?,?)
			ON CONFLICT(client_id, xpm_uuid) DO NOTHING`)
		if err != nil {
			return err
		}
		defer ins.Close()
		for _, l := range locals {
			got := map[string]found{}
			n, e, c := NormalizeName(l.name), NormalizeEmail(l.email), coreName(l.name)
			for _, r := range byName[n] {
				if e != "" && NormalizeEmail(r.email) == e {
					got[r.key] = found{Exact, "same name and email"}
				} else {
					got[r.key] = found{Partial, "same name, different email"}
				}
			}
			if e != "" {
				for _, r := range byEmail[e] {
					if _, ok := got[r.key]; !ok {
						got[r.key] = found{Partial, "same email, different name"}
					}
				}
			}
			if c != "" {
				for _, r := range byCore[c] {
					if _, ok := got[r.key]; !ok {
						got[r.key] = found{Partial, "similar name"}
					}
				}
			}
			for uuid, f := range got {
				if _, err := ins.ExecContext(ctx, l.key, uuid, f.kind, f.reason, now); err != nil {
					return fmt.Errorf("save suggestion: %w", err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	err = s.st.DB().QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN kind = 'exact' THEN 1 ELSE 0 END),0),
		COALESCE(SUM(CASE WHEN kind = 'partial' THEN 1 ELSE 0 END),0)
		FROM link_suggestions WHERE dismissed = 0`).Scan(&exact, &partial)
	return exact, partial, err
}

// Suggestions lists open suggestions of a kind ("" = both), exact ones first, by client name.
func (s *Service) Suggestions(ctx context.Context, kind string) ([]Suggestion, error) {
	rows, err := s.st.DB().QueryContext(ctx, `SELECT g.client_id, c.name, c.email, g.xpm_uuid, x.name, x.email, g.kind, g.reason
		FROM link_suggestions g JOIN clients c ON c.id = g.client_id JOIN xpm_clients x ON x.uuid = g.xpm_uuid
		WHERE g.dismissed = 0 AND c.xpm_uuid IS NULL AND (? = '' OR g.kind = ?)
		ORDER BY g.kind = 'partial', c.name COLLATE NOCASE, x.name COLLATE NOCASE`, kind, kind)
	if err != nil {
		return nil, fmt.Errorf("read suggestions: %w", err)
	}
	defer rows.Close()
	var out []Suggestion
	for rows.Next() {
		var sg Suggestion
		if err := rows.Scan(&sg.ClientID, &sg.ClientName, &sg.ClientEmail, &sg.XPMUUID, &sg.XPMName, &sg.XPMEmail, &sg.Kind, &sg.Reason); err != nil {
			return nil, err
		}
		out = append(out, sg)
	}
	return out, rows.Err()
}

// Dismiss records that the user said a suggestion is not a match; it is never offered again.
func (s *Service) Dismiss(ctx context.Context, clientID int64, uuid string) error {
	if _, err := s.st.DB().ExecContext(ctx, `UPDATE link_suggestions SET dismissed = 1 WHERE client_id = ? AND xpm_uuid = ?`, clientID, uuid); err != nil {
		return fmt.Errorf("dismiss suggestion: %w", err)
	}
	return nil
}

// clearSuggestions drops the open suggestions a new link settles: the client's, and any other
// client's for the same XPM record.
func (s *Service) clearSuggestions(ctx context.Context, clientID int64, uuid string) error {
	if _, err := s.st.DB().ExecContext(ctx, `DELETE FROM link_suggestions WHERE dismissed = 0 AND (client_id = ? OR xpm_uuid = ?)`, clientID, uuid); err != nil {
		return fmt.Errorf("clear suggestions: %w", err)
	}
	return nil
}
