package xpmfake

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"xpmsync/core/model"
)

// qget reads a query parameter by case-insensitive name, as ASP.NET binding does.
func qget(r *http.Request, name string) (string, bool) {
	for k, v := range r.URL.Query() {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0], true
		}
	}
	return "", false
}

var sinceRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$`)

func (s *Server) view(shape clientShape, dobDateTime, inside bool) clientView {
	return clientView{shape: shape, dobDateTime: dobDateTime, webURLInside: inside, pm: s.cfg.PMModule}
}

func isTrue(v string) bool { return strings.EqualFold(v, "true") }

// clientList streams client.api/list one client at a time, so a 50 MB detailed list never
// sits in memory; each client is read under the lock and written outside it.
func (s *Server) clientList(c *call) {
	var since time.Time
	if v, ok := qget(c.r, "modifiedsince"); ok {
		if !sinceRe.MatchString(v) {
			s.fail(c, "Invalid modifiedsince value, expected yyyy-MM-ddTHH:mm:ss (UTC)")
			return
		}
		t, err := time.Parse("2006-01-02T15:04:05", v)
		if err != nil {
			s.fail(c, "Invalid modifiedsince value, expected yyyy-MM-ddTHH:mm:ss (UTC)")
			return
		}
		since = t
	}
	dv, _ := qget(c.r, "detailed")
	shape := shapeList
	if isTrue(dv) {
		shape = shapeDetailed
	}
	s.mu.RLock()
	ids := slices.Clone(s.d.order)
	hideDeleted := s.quirks().DeletedHiddenFromList
	s.mu.RUnlock()
	v := s.view(shape, true, true)
	x := s.begin(c)
	x.open("Clients")
	ctx := c.r.Context()
	for i, id := range ids {
		if i%256 == 0 && ctx.Err() != nil {
			return
		}
		s.mu.RLock()
		rec, ok := s.d.clients[id]
		if !ok || (hideDeleted && rec.c.IsDeleted) || (!since.IsZero() && rec.modified.Truncate(time.Second).Before(since)) {
			s.mu.RUnlock()
			continue
		}
		m := s.d.assemble(rec)
		s.mu.RUnlock()
		writeClient(x, &m, v)
	}
	x.close("Clients")
	s.end(x)
}

func (s *Server) clientPagedList(c *call) {
	ref, size, ok := s.pageRequest(c, "clients", func() []string {
		s.mu.RLock()
		defer s.mu.RUnlock()
		var ids []string
		for _, id := range s.d.order {
			if rec := s.d.clients[id]; !rec.c.IsArchived && !rec.c.IsDeleted {
				ids = append(ids, id)
			}
		}
		return ids
	})
	if !ok {
		return
	}
	x := s.begin(c)
	x.open("Clients")
	v := s.view(shapeBase, true, true)
	for _, id := range ref.page(size) {
		s.mu.RLock()
		rec, ok := s.d.clients[id]
		if !ok || rec.c.IsArchived || rec.c.IsDeleted {
			s.mu.RUnlock()
			continue
		}
		m := s.d.assemble(rec)
		s.mu.RUnlock()
		writeClient(x, &m, v)
	}
	x.close("Clients")
	s.writePagination(x, c, "client.api/paged-list", ref, size)
	s.end(x)
}

func (s *Server) clientSearch(c *call) {
	q, _ := qget(c.r, "query")
	q = strings.TrimSpace(q)
	if q == "" {
		s.fail(c, "A search query is required")
		return
	}
	dv, _ := qget(c.r, "detailed")
	shape := shapeList
	if isTrue(dv) {
		shape = shapeDetailed
	}
	lq := strings.ToLower(q)
	var found []model.Client
	s.mu.RLock()
	for _, id := range s.d.order {
		rec := s.d.clients[id]
		if rec.c.IsDeleted {
			continue
		}
		if strings.Contains(strings.ToLower(rec.c.Name), lq) || strings.EqualFold(rec.c.Email, q) || strings.EqualFold(rec.c.ClientCode, q) {
			found = append(found, s.d.assemble(rec))
		}
	}
	s.mu.RUnlock()
	x := s.begin(c)
	v := s.view(shape, false, true)
	writeList(x, "Clients", found, func(m *model.Client) { writeClient(x, m, v) })
	s.end(x)
}

const errClientID = "Invalid client identifier"

// writeDetailed answers with <WebUrl> beside the detailed <Client>, as the docs' get example.
func (s *Server) writeDetailed(c *call, m *model.Client) {
	x := s.begin(c)
	x.el("WebUrl", clientWebURL(m.UUID))
	writeClient(x, m, s.view(shapeDetailed, false, false))
	s.end(x)
}

func (s *Server) clientGet(c *call) {
	s.mu.RLock()
	rec, ok := s.d.clients[c.id]
	if !ok || (rec.c.IsDeleted && s.quirks().DeletedGetError) {
		s.mu.RUnlock()
		s.fail(c, errClientID)
		return
	}
	m := s.d.assemble(rec)
	s.mu.RUnlock()
	s.writeDetailed(c, &m)
}

func (s *Server) clientAdd(c *call) {
	n, ok := s.readBody(c, "Client")
	if !ok {
		return
	}
	s.mu.Lock()
	var m model.Client
	if desc := s.applyClient(&m, n, false); desc != "" {
		s.mu.Unlock()
		s.fail(c, desc)
		return
	}
	if strings.TrimSpace(m.Name) == "" {
		s.mu.Unlock()
		s.fail(c, "Client name is required")
		return
	}
	if v, ok := n.value("IsProspect"); ok {
		m.IsProspect = v == "Yes"
	}
	if cs, ok := n.child("Contacts"); ok {
		for _, cn := range cs.all("Contact") {
			var ct model.Contact
			if desc, ok := contactFromNode(&ct, cn, false); !ok {
				s.mu.Unlock()
				s.fail(c, desc)
				return
			}
			if ct.IsPrimary {
				// The last contact claiming IsPrimary wins (reference §2.5).
				for i := range m.Contacts {
					m.Contacts[i].IsPrimary = false
				}
			}
			m.Contacts = append(m.Contacts, ct)
		}
	}
	rec := s.d.put(m, s.clock.Now())
	out := s.d.assemble(rec)
	s.mu.Unlock()
	s.writeDetailed(c, &out)
}

// lookupClient reads <UUID> from a body and finds the live client, or answers ERROR.
func (s *Server) lookupClient(c *call, n *node) (*clientRec, bool) {
	id, _ := n.value("UUID")
	if id == "" {
		s.fail(c, "UUID is required")
		return nil, false
	}
	rec, ok := s.d.clients[id]
	if !ok || rec.c.IsDeleted {
		s.fail(c, errClientID)
		return nil, false
	}
	return rec, true
}

// lockClient reads a <Client> body and finds its live record. On success it
// returns with s.mu held so the caller's change and answer see one state; on
// failure the ERROR answer is already written and the lock released.
func (s *Server) lockClient(c *call) (*clientRec, *node, bool) {
	n, ok := s.readBody(c, "Client")
	if !ok {
		return nil, nil, false
	}
	s.mu.Lock()
	rec, ok := s.lookupClient(c, n)
	if !ok {
		s.mu.Unlock()
		return nil, nil, false
	}
	return rec, n, true
}

func (s *Server) clientUpdate(c *call) {
	rec, n, ok := s.lockClient(c)
	if !ok {
		return
	}
	if name, present := n.value("Name"); !present || name == "" {
		s.mu.Unlock()
		s.fail(c, "Client name is required")
		return
	}
	m := rec.c
	if desc := s.applyClient(&m, n, s.quirks().UpdateReplaces); desc != "" {
		s.mu.Unlock()
		s.fail(c, desc)
		return
	}
	rec.c = m
	rec.modified = s.clock.Now()
	out := s.d.assemble(rec)
	s.mu.Unlock()
	s.writeDetailed(c, &out)
}

func (s *Server) clientArchive(c *call) {
	rec, _, ok := s.lockClient(c)
	if !ok {
		return
	}
	s.markArchived(rec)
	out := s.d.assemble(rec)
	s.mu.Unlock()
	s.writeDetailed(c, &out)
}

func (s *Server) clientDelete(c *call) {
	rec, _, ok := s.lockClient(c)
	if !ok {
		return
	}
	s.markDeleted(rec)
	s.mu.Unlock()
	s.okOnly(c)
}
