package linking

import (
	"context"
	"fmt"

	"xpmsync/core/model"
	"xpmsync/core/problem"
	"xpmsync/core/store"
)

// LocalDuplicate is a client here that a new or renamed client would duplicate, and why.
type LocalDuplicate struct {
	ID      int64
	Name    string
	Email   string
	XPMUUID string
	Reason  string
}

// Likely is what a client about to be added or renamed here may duplicate: XPM clients (the
// same check Create in XPM runs) and the practice's own clients.
type Likely struct {
	XPM     []Duplicate
	Local   []LocalDuplicate
	Offline bool // XPM could not be asked; XPM matches come from the mirror alone
}

// Any says whether there is anything to show before saving.
func (l Likely) Any() bool { return len(l.XPM) > 0 || len(l.Local) > 0 }

// LikelyDuplicates runs the Create in XPM duplicate check for a client before it is saved
// here, so a duplicate is caught when it is typed rather than later. Without XPM the mirror
// is still checked, since saving here does not need XPM.
func (s *Service) LikelyDuplicates(ctx context.Context, lc store.LocalClient) (Likely, error) {
	var out Likely
	dups, err := s.FindDuplicates(ctx, lc)
	switch {
	case err == nil:
	case problem.Unreachable(err):
		out.Offline = true
		dups, err = s.mirrorDuplicates(ctx, lc)
		if err != nil {
			return out, err
		}
	default:
		return out, err
	}
	for _, d := range dups {
		if d.Client.UUID != lc.XPMUUID {
			out.XPM = append(out.XPM, d)
		}
	}
	out.Local, err = s.localMatches(ctx, lc)
	return out, err
}

// mirrorDuplicates is FindDuplicates without XPM: the mirrored XPM clients only.
func (s *Service) mirrorDuplicates(ctx context.Context, lc store.LocalClient) ([]Duplicate, error) {
	mirrored, err := s.mirrorMatches(ctx, lc.Client.Name, lc.Client.Email)
	if err != nil {
		return nil, err
	}
	linked, err := s.st.LinkedClientIDs(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Duplicate, 0, len(mirrored))
	for _, x := range mirrored {
		why := IsDuplicate(lc.Client.Name, lc.Client.Email, x.Client)
		out = append(out, Duplicate{Client: x.Client, Reason: why, LinkedTo: linked[x.Client.UUID]})
	}
	return out, nil
}

// localMatches finds the practice's other clients with the same normalized name or email.
// A local client linked to an XPM client that is already listed still shows here: it is the
// one "Open that client" should open.
func (s *Service) localMatches(ctx context.Context, lc store.LocalClient) ([]LocalDuplicate, error) {
	rows, err := s.st.DB().QueryContext(ctx, `SELECT id, name, email, COALESCE(xpm_uuid, '') FROM clients WHERE id <> ?`, lc.ID)
	if err != nil {
		return nil, fmt.Errorf("look for duplicates among clients here: %w", err)
	}
	defer rows.Close()
	var out []LocalDuplicate
	for rows.Next() {
		var d LocalDuplicate
		if err := rows.Scan(&d.ID, &d.Name, &d.Email, &d.XPMUUID); err != nil {
			return nil, err
		}
		if d.Reason = IsDuplicate(lc.Client.Name, lc.Client.Email, model.Client{Name: d.Name, Email: d.Email}); d.Reason != "" {
			out = append(out, d)
		}
	}
	return out, rows.Err()
}
