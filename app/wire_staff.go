package app

import (
	"time"

	"fyne.io/fyne/v2"

	"xpmsync/core/staff"
	"xpmsync/screens"
)

// StaffService is staff linking over this app's store and current XPM connection: the Staff
// Linking tab uses it, the scheduler calls its RunDue each tick, and the Clients tab asks it for
// team members and why a Partner or Manager will not sync.
func (s *Services) StaffService() *staff.Service {
	s.staffOnce.Do(func() {
		s.staff = staff.New(s.Store, func() staff.API {
			if c := s.API(); c != nil { // a nil *xpm.Client must not become a non-nil interface
				return c
			}
			return nil
		})
	})
	return s.staff
}

// buildStaff makes the Staff Linking tab from the services.
func (w *Window) buildStaff(svc *Services) *screens.StaffTab {
	t := screens.NewStaffTab(svc.Ctx(), svc.StaffService(), screens.WithRunner(svc.Opts.UIRunner))
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
