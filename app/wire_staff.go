package app

import "xpmsync/screens"

// buildStaff makes the Staff tab from the services.
func (w *Window) buildStaff(svc *Services) *screens.StaffTab {
	return screens.NewStaffTab()
}
