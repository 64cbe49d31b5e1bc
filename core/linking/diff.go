package linking

import (
	"xpmsync/core/model"
	"xpmsync/core/store"
)

// Difference is one client field whose local value differs from XPM's.
type Difference struct {
	Field model.ClientField
	Local string // the value as stored (a staff UUID for Partner/Manager)
	XPM   string
	// LocalShown and XPMShown are the values in words (staff names instead of UUIDs).
	LocalShown, XPMShown string
	// CanPush is false when the local value cannot be written to XPM (a read-only field, or a
	// Partner/Manager who is not linked to XPM staff).
	CanPush bool
}

// Staff says which local team members are linked to which XPM staff, and their names.
type Staff struct {
	Links store.StaffLinks
	Names map[string]string // XPM staff UUID → name
}

// Differences compares a linked local client with the XPM mirror field by field, in the order
// of model.ClientFields. A Partner/Manager is compared only between staff linked on both sides
// (store.diffSQL applies the same rule to the "Has differences" filter).
func Differences(lc store.LocalClient, x model.Client, staff Staff) []Difference {
	var out []Difference
	for _, f := range model.ClientFields {
		if f.Class == model.ClassStaffRole {
			id := lc.PartnerStaffID
			xr := x.AccountManager
			if f.Key == "JobManager" {
				id, xr = lc.ManagerStaffID, x.JobManager
			}
			lv := staff.Links.ToXPM[id]
			xv := ""
			if _, ok := staff.Links.ToLocal[xr.UUID]; ok {
				xv = xr.UUID
			}
			if lv == xv {
				continue
			}
			xn := xr.Name
			if n := staff.Names[xv]; n != "" {
				xn = n
			}
			out = append(out, Difference{Field: f, Local: lv, XPM: xv, LocalShown: staff.Names[lv], XPMShown: xn, CanPush: true})
			continue
		}
		lv, xv := f.Get(&lc.Client), f.Get(&x)
		if lv == xv {
			continue
		}
		// Fields that always come from XPM are never offered for sending (seed 000).
		out = append(out, Difference{Field: f, Local: lv, XPM: xv, LocalShown: lv, XPMShown: xv, CanPush: f.Write != "" && f.Class != model.ClassFromXPM})
	}
	return out
}
