package screens

import "fyne.io/fyne/v2"

// StaffTab links the practice's team members to XPM staff.
type StaffTab struct {
	content fyne.CanvasObject
}

// NewStaffTab builds the Staff Linking tab.
func NewStaffTab() *StaffTab {
	return &StaffTab{content: comingSoon("Staff Linking",
		"Here you will link each team member to their XPM staff record by email, so Partner and Manager follow clients both ways; people without an XPM record are created there after 24 hours.")}
}

// Content is the tab's root object.
func (t *StaffTab) Content() fyne.CanvasObject { return t.content }
