// Package staff links the practice's team members to XPM staff (seed 001): automatically by
// email, by hand through a list of unlinked XPM staff, and by creating in XPM, 24 hours after
// they were added, the team members XPM does not have.
package staff

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// CreateDelay is how long after being added an unlinked team member is created in XPM.
const CreateDelay = 24 * time.Hour

// NormEmail is the form emails are compared in: trimmed and case-folded.
func NormEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Level is how a status should look: the tab maps it to theme importance.
type Level int

// Levels of a status, from calm to alarming.
const (
	LevelPlain   Level = iota // nothing to do
	LevelSuccess              // linked
	LevelWarning              // pending, or needs a decision
	LevelDanger               // will not sync and nothing will fix it by itself
)

// Pair is one automatic link: a team member and the XPM staff member with their email.
type Pair struct {
	MemberID int64
	UUID     string
}

// EmailPairs finds the links that email matching makes: each unlinked team member whose email
// matches exactly one unlinked XPM staff member, and only when no other unlinked team member
// shares that email (two people claiming one address need a human). Without force, members the
// user unlinked by hand are left alone; force is the "Link all by email" button.
func EmailPairs(members []store.TeamMember, xpm []model.Staff, force bool) []Pair {
	taken := map[string]bool{}
	for _, m := range members {
		if m.Linked() {
			taken[m.XPMUUID] = true
		}
	}
	free := map[string][]string{} // email → unlinked XPM staff UUIDs
	for _, x := range xpm {
		if e := NormEmail(x.Email); e != "" && !taken[x.UUID] {
			free[e] = append(free[e], x.UUID)
		}
	}
	claim := map[string][]int64{} // email → eligible team members
	for _, m := range members {
		if m.Linked() || (!force && m.LinkHow == store.LinkUnlinked) {
			continue
		}
		if e := NormEmail(m.Email); e != "" {
			claim[e] = append(claim[e], m.ID)
		}
	}
	var out []Pair
	for e, ids := range claim {
		if len(ids) == 1 && len(free[e]) == 1 {
			out = append(out, Pair{MemberID: ids[0], UUID: free[e][0]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].MemberID < out[j].MemberID })
	return out
}

// Option is one choice in a team member's XPM staff dropdown.
type Option struct {
	UUID  string
	Label string // name and email, unique among the choices
	Name  string // the XPM staff member's name and email, for a shorter dropdown where names are unique
	Email string
}

// StaffLabel is how an XPM staff member reads in a dropdown: name and email.
func StaffLabel(x model.Staff) string {
	name := strings.TrimSpace(x.Name)
	if name == "" {
		name = "(no name)"
	}
	if e := strings.TrimSpace(x.Email); e != "" {
		return name + " · " + e
	}
	return name
}

// FreeOptions lists the XPM staff no team member is linked to, by name; labels are unique so a
// dropdown can map a choice back to its UUID.
func FreeOptions(members []store.TeamMember, xpm []model.Staff) []Option {
	taken := map[string]bool{}
	for _, m := range members {
		if m.Linked() {
			taken[m.XPMUUID] = true
		}
	}
	seen := map[string]int{}
	var out []Option
	for _, x := range xpm {
		if taken[x.UUID] {
			continue
		}
		l := StaffLabel(x)
		seen[l]++
		if n := seen[l]; n > 1 {
			l = fmt.Sprintf("%s (%d)", l, n)
		}
		out = append(out, Option{UUID: x.UUID, Label: l, Name: strings.TrimSpace(x.Name), Email: strings.TrimSpace(x.Email)})
	}
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Label) < strings.ToLower(out[j].Label) })
	return out
}

// Until says how long until t in the words of the status column ("in 5 h", "in 20 min").
func Until(t, now time.Time) string {
	d := t.Sub(now)
	switch {
	case d <= 0:
		return "at the next check"
	case d < time.Hour:
		return fmt.Sprintf("in %d min", max(1, int((d+time.Minute-1)/time.Minute)))
	default:
		return fmt.Sprintf("in %d h", int((d+time.Hour/2)/time.Hour))
	}
}

// Status describes one team member's link in the words of the Staff Linking tab.
func Status(m store.TeamMember, members []store.TeamMember, xpm []model.Staff, now time.Time) (string, Level) {
	if m.Linked() {
		return linkedStatus(m, xpm)
	}
	if !m.CreateSentAt.IsZero() {
		return "Being created in XPM: confirming at the next check", LevelWarning
	}
	free, held := sameEmail(m, members, xpm)
	switch {
	case len(free) == 1 && m.LinkHow == store.LinkUnlinked:
		return "Unlinked by hand: XPM staff " + free[0] + " has this email — choose them to link again", LevelWarning
	case len(free) == 1:
		return "Not linked yet: XPM staff " + free[0] + " has this email — Link all by email", LevelWarning
	case len(free) > 1:
		return fmt.Sprintf("Not linked: %d XPM staff share this email — choose one", len(free)), LevelWarning
	case len(held) > 0:
		return "Not linked: the XPM staff with this email is linked to " + held[0], LevelWarning
	}
	return unlinkedStatus(m, now)
}

func linkedStatus(m store.TeamMember, xpm []model.Staff) (string, Level) {
	if !staffListed(xpm, m.XPMUUID) && len(xpm) > 0 {
		return "Linked, but XPM no longer lists this staff member: choose another or unlink", LevelDanger
	}
	switch m.LinkHow {
	case store.LinkEmail:
		return "Linked by email", LevelSuccess
	case store.LinkImport:
		return "Linked: imported from XPM", LevelSuccess
	case store.LinkCreated:
		return "Linked: created in XPM by XPM Sync", LevelSuccess
	}
	return "Linked by hand", LevelSuccess
}

// sameEmail names the XPM staff with m's email: free ones, and the team members holding the rest.
func sameEmail(m store.TeamMember, members []store.TeamMember, xpm []model.Staff) (free, held []string) {
	e := NormEmail(m.Email)
	if e == "" {
		return nil, nil
	}
	holder := map[string]string{}
	for _, o := range members {
		if o.Linked() {
			holder[o.XPMUUID] = o.Name
		}
	}
	for _, x := range xpm {
		if NormEmail(x.Email) != e {
			continue
		}
		if h, ok := holder[x.UUID]; ok {
			held = append(held, h)
		} else {
			free = append(free, x.Name)
		}
	}
	return free, held
}

// unlinkedStatus words a member no XPM staff member shares an email with.
func unlinkedStatus(m store.TeamMember, now time.Time) (string, Level) {
	switch {
	case !m.CreateDue.IsZero() && m.CreateError != "":
		return "Will be created in XPM " + Until(m.CreateDue, now) + " (last try: " + m.CreateError + ")", LevelWarning
	case !m.CreateDue.IsZero():
		return "Will be created in XPM " + Until(m.CreateDue, now), LevelWarning
	case m.LinkHow == store.LinkUnlinked:
		return "Not linked: unlinked by hand — choose XPM staff to link again", LevelPlain
	case m.LinkHow == store.LinkNoCreate:
		return "Not linked, and not to be created in XPM (you cancelled it) — choose XPM staff to link", LevelPlain
	case NormEmail(m.Email) == "":
		return "Not linked: add an email so XPM staff can be matched", LevelDanger
	case m.CreateError != "":
		return "Not linked: " + m.CreateError, LevelDanger
	}
	return "Not linked: no XPM staff with this email", LevelDanger
}

// Explain answers "why is this person not in the dropdown?" for a name or email the user typed.
func Explain(query string, members []store.TeamMember, xpm []model.Staff) string {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return "Only XPM staff not yet linked to a team member are listed. Type a name or email to see why someone is missing."
	}
	holder := map[string]string{}
	for _, m := range members {
		if m.Linked() {
			holder[m.XPMUUID] = m.Name
		}
	}
	var lines []string
	for _, x := range xpm {
		if !strings.Contains(strings.ToLower(x.Name), q) && !strings.Contains(NormEmail(x.Email), q) {
			continue
		}
		if h, ok := holder[x.UUID]; ok {
			lines = append(lines, fmt.Sprintf("%s is already linked to team member %s, so they are not listed. Unlink %s first to link them to someone else.", x.Name, h, h))
		} else {
			lines = append(lines, fmt.Sprintf("%s is in XPM and not linked: choose them in the XPM staff list.", x.Name))
		}
		if len(lines) == 3 {
			break
		}
	}
	if len(lines) == 0 {
		return fmt.Sprintf("No XPM staff matches %q: they are not in XPM yet. Add them in XPM and sync, or add them here as a team member and XPM Sync creates them in XPM 24 hours later.", strings.TrimSpace(query))
	}
	return strings.Join(lines, "\n")
}

// RoleNote explains why a client's Partner or Manager choice will not sync ("" when it will, or
// when nobody is chosen). role is "Partner" or "Manager".
func RoleNote(role string, m store.TeamMember) string {
	if m.ID == 0 || m.Linked() {
		return ""
	}
	name := strings.TrimSpace(m.Name)
	if name == "" {
		name = "This team member"
	}
	return fmt.Sprintf("%s is not linked to XPM staff, so this %s will not sync. Link them in Staff Linking.", name, role)
}
