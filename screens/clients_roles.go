package screens

import (
	"strings"

	"xpmsync/core/model"
	"xpmsync/core/view"
)

// roleChoice is what the edit form's Partner or Manager dropdown shows for a client: the team
// member the client has here; else the team member linked to the XPM staff member the client has
// in XPM; else that XPM person by name, marked as not a team member here (choosing them is not
// possible, but the form must not claim "(nobody)" for a client that has someone). extra is that
// last label, to add to the choices ("" when not needed).
func roleChoice(staff []view.TeamMember, id int64, ref model.Ref) (selected, extra string) {
	if id != 0 {
		return staffName(staff, id), ""
	}
	if ref.UUID == "" {
		return "(nobody)", ""
	}
	for _, m := range staff {
		if m.XPMUUID == ref.UUID {
			return m.Name, ""
		}
	}
	name := strings.TrimSpace(ref.Name)
	if name == "" {
		name = "someone"
	}
	label := name + " (in XPM; not linked to a team member)"
	return label, label
}
