package staff

import (
	"context"
	"errors"
	"fmt"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/xpm"
)

// RetryAfter is how long a creation XPM refused waits before the next try.
const RetryAfter = time.Hour

// RunDue applies the 24-hour rule at now: every unlinked team member whose creation is due is
// first looked up in XPM's current staff list by email (a match means link, never create) and
// only then added with staff.api/add. The scheduler calls it on every tick; calling it again
// after a crash never creates a person twice, because an add in flight is recorded before it is
// sent and a live list is read before any add.
func (s *Service) RunDue(ctx context.Context, now time.Time) (created int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	members, xs, err := s.load(ctx)
	if err != nil {
		return 0, fmt.Errorf("read the team: %w", err)
	}
	if _, err := s.linkByEmailLocked(ctx, members, xs, false); err != nil {
		return 0, err
	}
	due, err := s.st.DueStaffCreations(ctx, now)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	api := s.api()
	if api == nil {
		return 0, nil // creations wait for the connection; the tab says they are due
	}
	live, err := s.linkFromLiveList(ctx, api)
	if err != nil {
		return 0, err
	}
	for _, d := range due {
		m, err := s.st.TeamMember(ctx, d.ID)
		if err != nil {
			return created, err
		}
		if m.Linked() || m.CreateDue.IsZero() || m.CreateDue.After(now) {
			continue // linked by email above, or by hand meanwhile
		}
		if ok, err := s.createOne(ctx, api, m, &live, now); err != nil {
			return created, err
		} else if ok {
			created++
		}
	}
	return created, nil
}

// linkFromLiveList reads XPM's current staff and links by email before anything is created,
// so a match links and is never created.
func (s *Service) linkFromLiveList(ctx context.Context, api API) ([]model.Staff, error) {
	live, err := api.ListStaff(ctx)
	if err != nil {
		return nil, fmt.Errorf("read XPM staff before creating team members: %w", err)
	}
	if err := s.st.UpsertXPMStaff(ctx, live); err != nil {
		return nil, err
	}
	members, err := s.st.TeamMembers(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.linkByEmailLocked(ctx, members, live, false); err != nil {
		return nil, err
	}
	return live, nil
}

// createOne adds one team member to XPM. It returns an error only when the run must stop (XPM
// may or may not have applied the add, or the database failed); a refusal is recorded on the
// member and retried later.
func (s *Service) createOne(ctx context.Context, api API, m store.TeamMember, live *[]model.Staff, now time.Time) (bool, error) {
	if NormEmail(m.Email) == "" {
		// Without an email a lost answer could never be matched, so nothing is sent.
		return false, s.st.PostponeStaffCreate(ctx, m.ID, time.Time{}, "add an email so XPM Sync can create them in XPM")
	}
	if emailKnown(m.Email, *live) {
		// Same email in XPM but not linkable automatically (linked to someone else, or shared):
		// the rule is link, never create.
		return false, s.st.PostponeStaffCreate(ctx, m.ID, time.Time{}, "")
	}
	if err := s.st.MarkStaffCreateSent(ctx, m.ID, now); err != nil {
		return false, err
	}
	got, err := api.AddStaff(ctx, model.Staff{Name: m.Name, Email: m.Email, Phone: m.Phone, Mobile: m.Mobile})
	if err != nil {
		var refused *xpm.APIError
		if !errors.As(err, &refused) || errors.Is(err, xpm.ErrOutcomeUnknown) {
			// Only XPM's own refusal proves nothing was created; otherwise keep the in-flight
			// mark and stop: the next run reads XPM's list and looks them up by email first.
			s.event(ctx, EventCreated, "pending", m, "", fmt.Sprintf("XPM did not confirm creating %s; XPM Sync checks by email before trying again", m.Name))
			return false, fmt.Errorf("create %s in XPM: %w", m.Name, err)
		}
		reason := "XPM said: " + refused.Description
		if cerr := s.st.ClearStaffCreateSent(ctx, m.ID); cerr != nil {
			return false, cerr
		}
		if perr := s.st.PostponeStaffCreate(ctx, m.ID, now.Add(RetryAfter), reason); perr != nil {
			return false, perr
		}
		s.log.Warn("XPM refused to create staff member", "member", m.ID, "err", err)
		s.event(ctx, EventCreated, "failed", m, "", fmt.Sprintf("XPM did not create %s: %s. XPM Sync tries again in an hour.", m.Name, reason))
		return false, nil
	}
	if got.UUID == "" {
		s.event(ctx, EventCreated, "pending", m, "", fmt.Sprintf("XPM answered without an ID for %s; XPM Sync checks by email before trying again", m.Name))
		return false, fmt.Errorf("create %s in XPM: %w: the answer had no UUID", m.Name, xpm.ErrOutcomeUnknown)
	}
	*live = append(*live, got)
	if err := s.st.LinkTeamMember(ctx, m.ID, got.UUID, store.LinkCreated); err != nil {
		return false, fmt.Errorf("link %s to the staff member just created in XPM: %w", m.Name, err)
	}
	if err := s.st.UpsertXPMStaff(ctx, *live); err != nil {
		return true, err
	}
	s.event(ctx, EventCreated, "ok", m, got.UUID, fmt.Sprintf("%s created in XPM 24 hours after being added, and linked", m.Name))
	return true, nil
}
