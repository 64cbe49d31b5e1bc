package xpmfake

import (
	"slices"

	"xpmsync/core/model"
)

const errStaffID = "Invalid staff identifier"

func (s *Server) staffList(c *call) {
	list := s.Staff()
	x := s.begin(c)
	writeList(x, "StaffList", list, func(st *model.Staff) { writeStaff(x, st) })
	s.end(x)
}

func (s *Server) writeOneStaff(c *call, st *model.Staff) {
	x := s.begin(c)
	x.el("WebUrl", staffWebURL(st.UUID))
	writeStaff(x, st)
	s.end(x)
}

func (s *Server) staffGet(c *call) {
	s.mu.RLock()
	st, ok := s.d.staff[c.id]
	var cp model.Staff
	if ok {
		cp = *st
	}
	s.mu.RUnlock()
	if !ok {
		s.fail(c, errStaffID)
		return
	}
	s.writeOneStaff(c, &cp)
}

// staffFields copies Staff elements; omitted = unchanged, empty = cleared.
func staffFields(st *model.Staff, n *node) {
	for _, f := range []struct {
		name string
		dst  *string
	}{{"Name", &st.Name}, {"Email", &st.Email}, {"Phone", &st.Phone}, {"Mobile", &st.Mobile},
		{"Address", &st.Address}, {"PayrollCode", &st.PayrollCode}} {
		if v, ok := n.value(f.name); ok {
			*f.dst = v
		}
	}
}

func (s *Server) staffAdd(c *call) {
	n, ok := s.readBody(c, "Staff")
	if !ok {
		return
	}
	var st model.Staff
	staffFields(&st, n)
	if st.Name == "" {
		s.fail(c, "Staff name is required")
		return
	}
	s.mu.Lock()
	st = s.d.putStaff(st)
	s.mu.Unlock()
	s.writeOneStaff(c, &st)
}

func (s *Server) staffUpdate(c *call) {
	n, _, cur, ok := lockByUUID(s, c, "Staff", staffOf, errStaffID)
	if !ok {
		return
	}
	st := *cur
	staffFields(&st, n)
	if st.Name == "" {
		s.mu.Unlock()
		s.fail(c, "Staff name is required")
		return
	}
	st = s.d.putStaff(st)
	s.mu.Unlock()
	s.writeOneStaff(c, &st)
}

// staffDelete removes a staff member; clients that named them as Partner/Manager lose the
// reference (and count as modified).
func (s *Server) staffDelete(c *call) {
	_, id, _, ok := lockByUUID(s, c, "Staff", staffOf, errStaffID)
	if !ok {
		return
	}
	delete(s.d.staff, id)
	s.d.staffOrder = slices.DeleteFunc(s.d.staffOrder, func(x string) bool { return x == id })
	now := s.clock.Now()
	for _, rec := range s.d.clients {
		if rec.c.AccountManager.UUID == id {
			rec.c.AccountManager, rec.modified = model.Ref{}, now
		}
		if rec.c.JobManager.UUID == id {
			rec.c.JobManager, rec.modified = model.Ref{}, now
		}
	}
	s.mu.Unlock()
	s.okOnly(c)
}
