package staff

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"sync"
	"time"
	"unicode"

	"xpmsync/core/auth"
	"xpmsync/core/model"
	"xpmsync/core/store"
)

// Event kinds recorded for the Integration Progress tab.
const (
	EventLinked   = model.EventStaffLinked
	EventCreated  = model.EventStaffCreated
	EventUnlinked = model.EventStaffUnlinked
)

// API is what staff linking needs from XPM; *xpm.Client satisfies it.
type API interface {
	ListStaff(ctx context.Context) ([]model.Staff, error)
	AddStaff(ctx context.Context, s model.Staff) (model.Staff, error)
}

// Service is staff linking: the Staff Linking tab, the scheduler and the Clients tab call it.
// Its methods are safe for concurrent use; they take turns so a manual link and the 24-hour rule
// never act on one person at once.
type Service struct {
	st  *store.Store
	api func() API // nil result = not connected
	log *slog.Logger
	mu  sync.Mutex
}

// New builds the service over st; api returns the XPM client, or nil while not connected.
func New(st *store.Store, api func() API) *Service {
	if api == nil {
		api = func() API { return nil }
	}
	return &Service{st: st, api: api, log: slog.Default().With("part", "staff")}
}

// Member is what the user types for a team member.
type Member struct {
	Name   string
	Email  string
	Phone  string
	Mobile string
}

func (m Member) check() error {
	if strings.TrimSpace(m.Name) == "" {
		return errors.New("a team member needs a name")
	}
	if e := strings.TrimSpace(m.Email); e != "" {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			return fmt.Errorf("%q is not an email address: check it and save again", e)
		}
	}
	// XPM keeps what it is given; the number is checked here, as a contact's mobile is.
	for _, f := range []struct{ what, v string }{{"mobile", m.Mobile}, {"phone", m.Phone}} {
		if v := strings.TrimSpace(f.v); strings.ContainsFunc(v, unicode.IsLetter) {
			return fmt.Errorf("%q is not a %s number: use digits, spaces and a leading +", v, f.what)
		}
	}
	return nil
}

// Row is one line of the Staff Linking table.
type Row struct {
	Member store.TeamMember
	XPM    Option // the linked XPM staff member; zero when not linked
	Status string
	Level  Level
}

// Board is everything the Staff Linking tab shows.
type Board struct {
	Rows     []Row
	Options  []Option // XPM staff not linked to anyone: the dropdown's choices
	XPMStaff int      // XPM staff known from the last sync
	Now      time.Time
}

func (s *Service) load(ctx context.Context) ([]store.TeamMember, []model.Staff, error) {
	members, err := s.st.TeamMembers(ctx)
	if err != nil {
		return nil, nil, err
	}
	xs, err := s.st.XPMStaff(ctx)
	if err != nil {
		return nil, nil, err
	}
	return members, xs, nil
}

// Board reads the table: every team member with their link and status, and the free XPM staff.
func (s *Service) Board(ctx context.Context) (Board, error) {
	members, xs, err := s.load(ctx)
	if err != nil {
		return Board{}, fmt.Errorf("read the team: %w", err)
	}
	b := Board{Options: FreeOptions(members, xs), XPMStaff: len(xs), Now: s.st.Now()}
	byUUID := map[string]model.Staff{}
	for _, x := range xs {
		byUUID[x.UUID] = x
	}
	for _, m := range members {
		r := Row{Member: m}
		if m.Linked() {
			x := byUUID[m.XPMUUID]
			r.XPM = Option{UUID: m.XPMUUID, Label: StaffLabel(x), Name: strings.TrimSpace(x.Name), Email: strings.TrimSpace(x.Email)}
			if _, ok := byUUID[m.XPMUUID]; !ok {
				r.XPM.Label = "(no longer in XPM)"
			}
		}
		r.Status, r.Level = Status(m, members, xs, b.Now)
		b.Rows = append(b.Rows, r)
	}
	return b, nil
}

// Explain says why someone the user is looking for is not in the dropdown.
func (s *Service) Explain(ctx context.Context, query string) (string, error) {
	members, xs, err := s.load(ctx)
	if err != nil {
		return "", fmt.Errorf("read the team: %w", err)
	}
	return Explain(query, members, xs), nil
}

func (s *Service) event(ctx context.Context, kind model.EventKind, result string, m store.TeamMember, uuid, details string) {
	if err := s.st.AddEvent(ctx, store.Event{Kind: kind, Result: result, XPMUUID: uuid, ClientName: m.Name, Details: details}); err != nil {
		s.log.Warn("could not record staff event", "kind", kind, "err", err)
	}
}

// xpmName is the XPM staff member's name as the mirror knows it.
func xpmName(xs []model.Staff, uuid string) string {
	for _, x := range xs {
		if x.UUID == uuid {
			return x.Name
		}
	}
	return "XPM staff " + uuid
}

// AddMember adds a team member. One XPM staff member with the same email links them at once;
// otherwise, unless XPM staff with that email is already linked to someone else, they are
// created in XPM CreateDelay later.
func (s *Service) AddMember(ctx context.Context, in Member) (store.TeamMember, error) {
	if err := in.check(); err != nil {
		return store.TeamMember{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	members, xs, err := s.load(ctx)
	if err != nil {
		return store.TeamMember{}, fmt.Errorf("read the team: %w", err)
	}
	m := store.TeamMember{Name: in.Name, Email: in.Email, Phone: in.Phone, Mobile: in.Mobile}
	if NormEmail(m.Email) != "" && !emailKnown(m.Email, xs) {
		m.CreateDue = s.st.Now().Add(CreateDelay)
	}
	id, err := s.st.AddTeamMember(ctx, m)
	if err != nil {
		return m, fmt.Errorf("save %s: %w", in.Name, err)
	}
	m.ID = id
	s.event(ctx, EventAdded, "ok", m, "", addedDetails(m, s.st.Now()))
	if _, err := s.linkByEmailLocked(ctx, append(members, m), xs, false); err != nil {
		return m, err
	}
	return s.st.TeamMember(ctx, id)
}

// addedDetails says what adding m sets in motion with XPM, for the history.
func addedDetails(m store.TeamMember, now time.Time) string {
	switch {
	case !m.CreateDue.IsZero():
		return fmt.Sprintf("%s added as a team member. XPM has nobody with this email, so XPM Sync creates them in XPM %s unless they are linked first.",
			m.Name, Until(m.CreateDue, now))
	case NormEmail(m.Email) == "":
		return fmt.Sprintf("%s added as a team member, without an email: they are not matched to XPM staff or created in XPM.", m.Name)
	}
	return fmt.Sprintf("%s added as a team member. XPM has staff with this email, so they are linked rather than created.", m.Name)
}

// emailKnown reports whether any XPM staff member has email (linked or not): then the rule is
// link, never create.
func emailKnown(email string, xs []model.Staff) bool {
	e := NormEmail(email)
	for _, x := range xs {
		if NormEmail(x.Email) == e {
			return true
		}
	}
	return false
}

// EditMember saves a team member's details. A new email may link them by email; a member who
// was never linked and whose email XPM does not know stays due for creation 24 hours after they
// were added.
func (s *Service) EditMember(ctx context.Context, id int64, in Member) (store.TeamMember, error) {
	if err := in.check(); err != nil {
		return store.TeamMember{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.st.TeamMember(ctx, id)
	if err != nil {
		return m, err
	}
	members, xs, err := s.load(ctx)
	if err != nil {
		return m, fmt.Errorf("read the team: %w", err)
	}
	if !m.CreateSentAt.IsZero() && NormEmail(in.Email) != NormEmail(m.Email) {
		// The unanswered add is found again by this email; changing it now could create them twice.
		return m, fmt.Errorf("XPM Sync is still confirming whether %s was created in XPM; change the email after the next sync", m.Name)
	}
	m.Name, m.Email, m.Phone, m.Mobile = strings.TrimSpace(in.Name), strings.TrimSpace(in.Email), in.Phone, in.Mobile
	if !m.Linked() && m.LinkHow == "" && m.CreateSentAt.IsZero() {
		m.CreateDue, m.CreateError = time.Time{}, ""
		if NormEmail(m.Email) != "" && !emailKnown(m.Email, xs) {
			m.CreateDue = m.CreatedAt.Add(CreateDelay)
		}
	}
	if err := s.st.UpdateTeamMember(ctx, m); err != nil {
		return m, err
	}
	for i := range members {
		if members[i].ID == id {
			members[i] = m
		}
	}
	if _, err := s.linkByEmailLocked(ctx, members, xs, false); err != nil {
		return m, err
	}
	return s.st.TeamMember(ctx, id)
}

// Link links a team member to an XPM staff member by hand (emails need not match); a pending
// creation in XPM is cancelled.
func (s *Service) Link(ctx context.Context, memberID int64, uuid string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.st.TeamMember(ctx, memberID)
	if err != nil {
		return err
	}
	xs, err := s.st.XPMStaff(ctx)
	if err != nil {
		return err
	}
	if !staffListed(xs, uuid) {
		return fmt.Errorf("that XPM staff member is no longer in XPM: sync, then choose again")
	}
	if err := s.st.LinkTeamMember(ctx, memberID, uuid, store.LinkManual); err != nil {
		if errors.Is(err, store.ErrStaffTaken) {
			holder := "another team member"
			if h, herr := s.st.TeamMemberByXPMUUID(ctx, uuid); herr == nil {
				holder = h.Name
			}
			return plainError{fmt.Sprintf("%s is already linked to %s. Unlink them from %s first.", xpmName(xs, uuid), holder, holder), err}
		}
		return fmt.Errorf("link %s: %w", m.Name, err)
	}
	details := fmt.Sprintf("%s linked by hand to XPM staff %s", m.Name, xpmName(xs, uuid))
	if !m.CreateDue.IsZero() {
		details += "; the planned creation in XPM is cancelled"
	}
	s.event(ctx, EventLinked, "ok", m, uuid, details)
	return nil
}

// plainError is a message for the user that still matches its cause with errors.Is.
type plainError struct {
	msg   string
	cause error
}

func (e plainError) Error() string { return e.msg }
func (e plainError) Unwrap() error { return e.cause }

func staffListed(xs []model.Staff, uuid string) bool {
	for _, x := range xs {
		if x.UUID == uuid {
			return true
		}
	}
	return false
}

// Unlink removes a team member's link; they are not linked or created automatically again.
func (s *Service) Unlink(ctx context.Context, memberID int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.st.TeamMember(ctx, memberID)
	if err != nil {
		return err
	}
	if !m.Linked() {
		return nil
	}
	xs, err := s.st.XPMStaff(ctx)
	if err != nil {
		return err
	}
	if err := s.st.UnlinkTeamMember(ctx, memberID); err != nil {
		return fmt.Errorf("unlink %s: %w", m.Name, err)
	}
	s.event(ctx, EventUnlinked, "ok", m, m.XPMUUID, fmt.Sprintf("%s unlinked from XPM staff %s", m.Name, xpmName(xs, m.XPMUUID)))
	return nil
}

// LinkAllByEmail links every unlinked team member to the one unlinked XPM staff member with the
// same email, including people unlinked by hand before; it returns how many it linked.
func (s *Service) LinkAllByEmail(ctx context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	members, xs, err := s.load(ctx)
	if err != nil {
		return 0, fmt.Errorf("read the team: %w", err)
	}
	return s.linkByEmailLocked(ctx, members, xs, true)
}

// AutoLink makes the automatic email links (what a sync does after refreshing XPM staff).
func (s *Service) AutoLink(ctx context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	members, xs, err := s.load(ctx)
	if err != nil {
		return 0, fmt.Errorf("read the team: %w", err)
	}
	return s.linkByEmailLocked(ctx, members, xs, false)
}

func (s *Service) linkByEmailLocked(ctx context.Context, members []store.TeamMember, xs []model.Staff, force bool) (int, error) {
	byID := map[int64]store.TeamMember{}
	for _, m := range members {
		byID[m.ID] = m
	}
	n := 0
	for _, p := range EmailPairs(members, xs, force) {
		m := byID[p.MemberID]
		how, kind, details := store.LinkEmail, EventLinked, fmt.Sprintf("%s linked by email to XPM staff %s", m.Name, xpmName(xs, p.UUID))
		if !m.CreateSentAt.IsZero() {
			// An add whose answer was lost did reach XPM: this is the person it created.
			how, kind, details = store.LinkCreated, EventCreated, fmt.Sprintf("%s was created in XPM (confirmed by email after an interrupted add)", m.Name)
		}
		if err := s.st.LinkTeamMember(ctx, m.ID, p.UUID, how); err != nil {
			return n, fmt.Errorf("link %s by email: %w", m.Name, err)
		}
		s.event(ctx, kind, "ok", m, p.UUID, details)
		n++
	}
	return n, nil
}

// Import creates linked team members from the chosen XPM staff. An unlinked team member with the
// same email is linked instead of being duplicated. It returns how many it linked or created.
func (s *Service) Import(ctx context.Context, uuids []string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, u := range uuids {
		members, xs, err := s.load(ctx)
		if err != nil {
			return n, fmt.Errorf("read the team: %w", err)
		}
		var x model.Staff
		found := false
		for _, c := range xs {
			if c.UUID == u {
				x, found = c, true
			}
		}
		if !found {
			continue
		}
		var same []store.TeamMember
		taken := false
		for _, m := range members {
			taken = taken || m.XPMUUID == u
			if !m.Linked() && NormEmail(x.Email) != "" && NormEmail(m.Email) == NormEmail(x.Email) {
				same = append(same, m)
			}
		}
		if taken {
			continue
		}
		if len(same) == 1 {
			if err := s.st.LinkTeamMember(ctx, same[0].ID, u, store.LinkEmail); err != nil {
				return n, fmt.Errorf("link %s: %w", same[0].Name, err)
			}
			s.event(ctx, EventLinked, "ok", same[0], u, fmt.Sprintf("%s linked by email to XPM staff %s on import", same[0].Name, x.Name))
			n++
			continue
		}
		m := store.TeamMember{Name: x.Name, Email: x.Email, Phone: x.Phone, Mobile: x.Mobile, XPMUUID: u, LinkHow: store.LinkImport}
		if _, err := s.st.AddTeamMember(ctx, m); err != nil {
			return n, fmt.Errorf("import %s: %w", x.Name, err)
		}
		s.event(ctx, EventLinked, "ok", m, u, fmt.Sprintf("%s imported from XPM and linked", x.Name))
		n++
	}
	return n, nil
}

// Refresh reads XPM's staff list into the mirror and makes the automatic email links.
func (s *Service) Refresh(ctx context.Context) error {
	api := s.api()
	if api == nil {
		return auth.ErrNotConnected
	}
	list, err := api.ListStaff(ctx)
	if err != nil {
		return fmt.Errorf("read XPM staff: %w", err)
	}
	if err := s.st.UpsertXPMStaff(ctx, list); err != nil {
		return err
	}
	_, err = s.AutoLink(ctx)
	return err
}

// TeamMembers lists the team members a Partner or Manager is chosen from.
func (s *Service) TeamMembers(ctx context.Context) ([]store.TeamMember, error) {
	return s.st.TeamMembers(ctx)
}

// LinkedUUID is the XPM staff UUID a team member is linked to ("" when not linked).
func (s *Service) LinkedUUID(ctx context.Context, staffID int64) (string, error) {
	m, err := s.st.TeamMember(ctx, staffID)
	if err != nil {
		return "", err
	}
	return m.XPMUUID, nil
}

// ByXPMUUID is the team member linked to an XPM staff member; ok is false when none is.
func (s *Service) ByXPMUUID(ctx context.Context, uuid string) (m store.TeamMember, ok bool, err error) {
	m, err = s.st.TeamMemberByXPMUUID(ctx, uuid)
	if errors.Is(err, store.ErrNotFound) {
		return m, false, nil
	}
	return m, err == nil, err
}

// RoleNote explains why choosing team member staffID as a client's role ("Partner" or
// "Manager") will not sync; "" when it will or when staffID is 0.
func (s *Service) RoleNote(ctx context.Context, role string, staffID int64) (string, error) {
	if staffID == 0 {
		return "", nil
	}
	m, err := s.st.TeamMember(ctx, staffID)
	if err != nil {
		return "", err
	}
	return RoleNote(role, m), nil
}
