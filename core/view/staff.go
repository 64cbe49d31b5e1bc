package view

import "time"

// TeamMember is one local team member and their link to XPM staff.
type TeamMember struct {
	ID           int64
	Name         string
	Email        string
	Phone        string
	Mobile       string
	XPMUUID      string    // "" = not linked
	LinkHow      string    // how the link was made (store.Link*), "" when never linked
	CreateDue    time.Time // zero = no creation pending
	CreateSentAt time.Time // non-zero = an add was sent and its outcome is not known yet
	CreateError  string    // why the last automatic creation failed
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Linked reports whether the team member is linked to XPM staff.
func (m TeamMember) Linked() bool { return m.XPMUUID != "" }
