package staff

import (
	"context"
	"fmt"
	"time"

	"xpmsync/core/store"
)

// Event kinds for taking a team member back, recorded like the others for Integration Progress.
const (
	EventAdded           = "staff_added"
	EventRemoved         = "staff_removed"
	EventCreateCancelled = "staff_create_cancelled"
)

// Removal is what removing a team member would do, for the confirmation to say before it happens.
type Removal struct {
	Member  store.TeamMember
	XPMName string // the XPM staff member they are linked to; "" when not linked
	Clients int    // clients with them as Partner or Manager here
	Now     time.Time
}

// Blocked says why they cannot be removed right now ("" when they can): an add sent to XPM
// whose answer was lost is found again by this person's email, so the record must stay until
// the next check settles it.
func (r Removal) Blocked() string {
	if !r.Member.CreateSentAt.IsZero() {
		return fmt.Sprintf("XPM Sync is still confirming whether %s was created in XPM. Try again after the next sync.", r.Member.Name)
	}
	return ""
}

// XPMEffect says in words what XPM gets, and does not get, from the removal.
func (r Removal) XPMEffect() string {
	m := r.Member
	var s string
	switch {
	case m.Linked():
		s = fmt.Sprintf("XPM keeps staff member %s: XPM Sync never deletes staff in XPM, and nothing is sent.", r.XPMName)
	case !m.CreateDue.IsZero():
		s = fmt.Sprintf("XPM will not get %s: the creation planned %s is cancelled. Nothing is sent.", m.Name, Until(m.CreateDue, r.Now))
	default:
		s = "XPM is not affected: they are not linked to XPM staff, and nothing is sent."
	}
	switch {
	case r.Clients == 1:
		s += " 1 client has them as Partner or Manager: here that role becomes empty; in XPM it stays as it is."
	case r.Clients > 1:
		s += fmt.Sprintf(" %d clients have them as Partner or Manager: here those roles become empty; in XPM they stay as they are.", r.Clients)
	}
	return s
}

// RemovalOf reads what removing team member id would do.
func (s *Service) RemovalOf(ctx context.Context, id int64) (Removal, error) {
	m, err := s.st.TeamMember(ctx, id)
	if err != nil {
		return Removal{}, err
	}
	r := Removal{Member: m, Now: s.st.Now()}
	if m.Linked() {
		xs, err := s.st.XPMStaff(ctx)
		if err != nil {
			return r, fmt.Errorf("read XPM staff: %w", err)
		}
		r.XPMName = xpmName(xs, m.XPMUUID)
	}
	if r.Clients, err = s.st.RoleClients(ctx, id); err != nil {
		return r, err
	}
	return r, nil
}

// RemoveMember removes a team member from XPM Sync. XPM is never told: a linked XPM staff
// member stays in XPM, and a pending creation is dropped with the record.
func (s *Service) RemoveMember(ctx context.Context, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.RemovalOf(ctx, id)
	if err != nil {
		return err
	}
	if why := r.Blocked(); why != "" {
		return plainError{why, nil}
	}
	if err := s.st.DeleteTeamMember(ctx, id); err != nil {
		return fmt.Errorf("remove %s: %w", r.Member.Name, err)
	}
	s.event(ctx, EventRemoved, "ok", r.Member, r.Member.XPMUUID, fmt.Sprintf("%s removed from XPM Sync. %s", r.Member.Name, r.XPMEffect()))
	return nil
}

// CancelCreate stops the planned creation of a team member in XPM. They stay here, not linked;
// they are still linked by email once XPM has someone with their email, and can be linked by hand.
func (s *Service) CancelCreate(ctx context.Context, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.st.TeamMember(ctx, id)
	if err != nil {
		return err
	}
	switch {
	case !m.CreateSentAt.IsZero():
		return plainError{fmt.Sprintf("%s was already sent to XPM to be created; XPM Sync confirms at the next check. Remove or unlink them afterwards if you do not want them in XPM.", m.Name), nil}
	case m.Linked() || m.CreateDue.IsZero():
		return plainError{fmt.Sprintf("%s is not waiting to be created in XPM.", m.Name), nil}
	}
	if err := s.st.CancelStaffCreate(ctx, id); err != nil {
		return err
	}
	s.event(ctx, EventCreateCancelled, "ok", m, "", fmt.Sprintf("Creating %s in XPM was cancelled (it was planned %s); XPM gets nothing. They stay here as a team member, not linked.",
		m.Name, Until(m.CreateDue, s.st.Now())))
	return nil
}
