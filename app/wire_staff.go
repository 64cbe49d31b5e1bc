package app

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"xpmsync/core/staff"
	"xpmsync/screens"
)

// staffServices holds one staff.Service per Services until services.go carries it as a field.
var staffServices sync.Map // *Services → *staff.Service

// StaffService is staff linking over this app's store and current XPM connection: the Staff
// Linking tab uses it, the scheduler calls its RunDue each tick, and the Clients tab asks it for
// team members and why a Partner or Manager will not sync.
func (s *Services) StaffService() *staff.Service {
	if v, ok := staffServices.Load(s); ok {
		return v.(*staff.Service)
	}
	v, _ := staffServices.LoadOrStore(s, staff.New(s.Store, func() staff.API {
		if c := s.API(); c != nil { // a nil *xpm.Client must not become a non-nil interface
			return c
		}
		return nil
	}))
	return v.(*staff.Service)
}

// buildStaff makes the Staff Linking tab from the services.
func (w *Window) buildStaff(svc *Services) *screens.StaffTab {
	t := screens.NewStaffTab(svc.Ctx(), svc.StaffService())
	t.Window = w.Win
	t.Reload()
	// Countdowns ("Will be created in XPM in 5 h") and links made by syncs show without a click.
	go func() {
		tick := time.NewTicker(time.Minute)
		defer tick.Stop()
		for {
			select {
			case <-svc.Ctx().Done():
				return
			case <-tick.C:
				fyne.Do(t.Reload)
			}
		}
	}()
	return t
}
