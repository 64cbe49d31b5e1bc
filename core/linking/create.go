package linking

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"xpmsync/core/model"
	"xpmsync/core/problem"
	"xpmsync/core/store"
)

// Duplicate is an XPM client that a new XPM client would duplicate, and why.
type Duplicate struct {
	Client   model.Client
	Reason   string // "same name" | "same email" | "same name and email"
	LinkedTo int64  // local client already linked to it (0 = none)
}

// IsDuplicate says why x would be a duplicate of a client named name with email (""
// = not a duplicate): the same name ignoring case and punctuation, or the same email.
func IsDuplicate(name, email string, x model.Client) string {
	sameName := NormalizeName(name) != "" && NormalizeName(name) == NormalizeName(x.Name)
	e := NormalizeEmail(email)
	sameEmail := e != "" && e == NormalizeEmail(x.Email)
	switch {
	case sameName && sameEmail:
		return "same name and email"
	case sameName:
		return "same name"
	case sameEmail:
		return "same email"
	}
	return ""
}

// searchWord is the longest word of a name: XPM's search matches text as typed, so searching
// the whole name would miss "OBrien Ltd" for "O'Brien Ltd"; one word finds both.
func searchWord(name string) string {
	best := ""
	for _, w := range strings.FieldsFunc(name, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 127)
	}) {
		if len(w) > len(best) {
			best = w
		}
	}
	return best
}

// FindDuplicates looks in XPM itself (the mirror may be out of date) and in the mirror for
// clients that the local client would duplicate. It needs XPM: without it the check cannot be
// trusted, so it returns auth.ErrNotConnected.
func (s *Service) FindDuplicates(ctx context.Context, lc store.LocalClient) ([]Duplicate, error) {
	api, err := s.client()
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []Duplicate
	consider := func(x model.Client) {
		if seen[x.UUID] || x.IsDeleted {
			return
		}
		if why := IsDuplicate(lc.Client.Name, lc.Client.Email, x); why != "" {
			seen[x.UUID] = true
			out = append(out, Duplicate{Client: x, Reason: why})
		}
	}
	// XPM's search matches the name as typed, so "OBrien" misses "O'Brien": the last letters of
	// the longest word find both spellings, and IsDuplicate then compares names properly.
	w := searchWord(lc.Client.Name)
	queries := []string{w}
	if r := []rune(w); len(r) > 4 {
		queries = append(queries, string(r[len(r)-4:]))
	}
	if e := strings.TrimSpace(lc.Client.Email); e != "" {
		queries = append(queries, e)
	}
	for _, q := range queries {
		if q == "" {
			continue
		}
		found, err := api.SearchClients(ctx, q, false)
		if err != nil {
			return nil, fmt.Errorf("look for duplicates in XPM: %w", err)
		}
		for _, x := range found {
			consider(x)
		}
	}
	mirrored, err := s.mirrorMatches(ctx, lc.Client.Name, lc.Client.Email)
	if err != nil {
		return nil, err
	}
	for _, x := range mirrored {
		consider(x.Client)
	}
	linked, err := s.st.LinkedClientIDs(ctx)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].LinkedTo = linked[out[i].Client.UUID]
	}
	slices.SortFunc(out, func(a, b Duplicate) int { return strings.Compare(a.Client.Name, b.Client.Name) })
	return out, nil
}

// mirrorMatches finds mirrored XPM clients with the same normalized name or the same email.
// Every mirrored name is compared: normalizing punctuation is not something SQL can index.
func (s *Service) mirrorMatches(ctx context.Context, name, email string) ([]store.XPMClient, error) {
	var uuids []string
	rows, err := s.st.DB().QueryContext(ctx, `SELECT uuid, name, email FROM xpm_clients WHERE gone = 0 AND is_deleted = 0`)
	if err != nil {
		return nil, fmt.Errorf("look for duplicates among XPM clients: %w", err)
	}
	for rows.Next() {
		var u, n, e string
		if err := rows.Scan(&u, &n, &e); err != nil {
			rows.Close()
			return nil, err
		}
		if IsDuplicate(name, email, model.Client{Name: n, Email: e}) != "" {
			uuids = append(uuids, u)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []store.XPMClient
	for _, u := range uuids {
		x, err := s.st.XPMClientByUUID(ctx, u)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// CreateOutcome says what "Create in XPM" did.
type CreateOutcome struct {
	Queued     bool        // the creation is in the outbox and is being sent
	Duplicates []Duplicate // XPM already has this client: offer Link instead; nothing was created
}

// CreateInXPM creates a local client in XPM, but only when XPM has no client with the same
// name (ignoring case and punctuation) or the same email; otherwise it returns those clients
// so the user can link one instead. No path creates a duplicate.
func (s *Service) CreateInXPM(ctx context.Context, clientID int64) (CreateOutcome, error) {
	lc, err := s.st.Client(ctx, clientID)
	if err != nil {
		return CreateOutcome{}, err
	}
	if lc.XPMUUID != "" {
		return CreateOutcome{}, fmt.Errorf("%q is already connected to XPM", lc.Client.Name)
	}
	dups, err := s.FindDuplicates(ctx, lc)
	if err != nil {
		return CreateOutcome{}, err
	}
	if len(dups) > 0 {
		return CreateOutcome{Duplicates: dups}, nil
	}
	if err := s.engine.CreateInXPM(ctx, clientID); err != nil {
		return CreateOutcome{}, err
	}
	return CreateOutcome{Queued: true}, nil
}

// Candidate is one XPM client offered in the Connect dialog.
type Candidate struct {
	Client   model.Client
	LinkedTo int64 // local client already linked to it (0 = free to link)
}

// SearchXPM finds XPM clients for the Connect dialog. With a query it asks XPM (falling back
// to the mirror, marked by offline = true, when XPM cannot be reached); an empty query browses
// the whole mirrored XPM list.
func (s *Service) SearchXPM(ctx context.Context, query string) (cands []Candidate, offline bool, err error) {
	linked, err := s.st.LinkedClientIDs(ctx)
	if err != nil {
		return nil, false, err
	}
	query = strings.TrimSpace(query)
	var found []model.Client
	if query != "" {
		if api, aerr := s.client(); aerr == nil {
			found, err = api.SearchClients(ctx, query, false)
			if err != nil && !problem.Unreachable(err) {
				return nil, false, fmt.Errorf("search XPM: %w", err)
			}
			if err == nil {
				for _, x := range found {
					if !x.IsDeleted {
						cands = append(cands, Candidate{Client: x, LinkedTo: linked[x.UUID]})
					}
				}
				return cands, false, nil
			}
		}
		offline = true
	}
	rows, err := s.st.ClientRows(ctx, store.RowQuery{Text: query})
	if err != nil {
		return nil, offline, err
	}
	// The list rows carry what the dialog shows; linked rows stand for their XPM client.
	for _, r := range rows {
		if r.XPMUUID == "" || r.Deleted || r.Gone {
			continue
		}
		cands = append(cands, Candidate{Client: model.Client{UUID: r.XPMUUID, Name: r.Name, Email: r.Email, Phone: r.Phone,
			ClientCode: r.Code, IsArchived: r.Archived}, LinkedTo: linked[r.XPMUUID]})
	}
	return cands, offline, nil
}
