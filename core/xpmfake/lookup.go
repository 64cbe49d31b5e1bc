package xpmfake

import "xpmsync/core/model"

// lockByUUID reads a <root> body and finds the record its <UUID> names in the map recs
// picks from the fake's state. On success it returns with s.mu held, so the caller's change
// and answer see one state; on failure it has answered ERROR (errID for an unknown UUID)
// and holds no lock.
func lockByUUID[T any](s *Server, c *call, root string, recs func(*data) map[string]*T, errID string) (*node, string, *T, bool) {
	n, ok := s.readBody(c, root)
	if !ok {
		return nil, "", nil, false
	}
	id, _ := n.value("UUID")
	s.mu.Lock()
	rec, ok := recs(s.d)[id]
	if !ok {
		s.mu.Unlock()
		s.fail(c, errID)
		return nil, "", nil, false
	}
	return n, id, rec, true
}

func groupsOf(d *data) map[string]*groupRec { return d.groups }

func staffOf(d *data) map[string]*model.Staff { return d.staff }

func relsOf(d *data) map[string]*relRec { return d.rels }
