package xpmfake

import (
	"regexp"
	"slices"
	"time"
)

const errRelID = "Invalid relationship identifier"

var sharesRe = regexp.MustCompile(`^\d+$`)

// checkRelValues applies the documented rules: NumberOfShares only for Shareholder/Owner,
// Percentage only for partners, dates yyyy-MM-dd.
func checkRelValues(r *relRec) string {
	if r.NumberOfShares != "" {
		if r.Type != "Shareholder" && r.Type != "Owner" {
			return "NumberOfShares is only valid for Shareholder or Owner relationships"
		}
		if !sharesRe.MatchString(r.NumberOfShares) {
			return "Invalid NumberOfShares"
		}
	}
	if r.Percentage != "" {
		if r.Type != "Partner" {
			return "Percentage is only valid for Partner relationships"
		}
		if !decimalRe.MatchString(r.Percentage) {
			return "Invalid Percentage"
		}
	}
	for _, d := range []string{r.StartDate, r.EndDate} {
		if d == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", d); err != nil {
			return "Invalid date, expected yyyy-MM-dd"
		}
	}
	return ""
}

func relValues(r *relRec, n *node) {
	for _, f := range []struct {
		name string
		dst  *string
	}{{"NumberOfShares", &r.NumberOfShares}, {"Percentage", &r.Percentage}, {"StartDate", &r.StartDate}, {"EndDate", &r.EndDate}} {
		if v, ok := n.value(f.name); ok {
			*f.dst = v
		}
	}
}

// writeRelAnswer writes the relationship answer. The <ClientRelationship> shape is inferred
// from the OAS JSON (addendum §4); Quirks.RelationshipAsEmbedded uses <Relationship> instead.
func (s *Server) writeRelAnswer(c *call, r relRec) {
	embedded := s.quirks().RelationshipAsEmbedded
	s.mu.RLock()
	client, related := s.d.clientRef(r.ClientUUID), s.d.clientRef(r.RelatedUUID)
	m := r.model(s.d)
	s.mu.RUnlock()
	x := s.begin(c)
	if embedded {
		writeRelationship(x, &m)
	} else {
		x.open("ClientRelationship")
		x.el("UUID", r.UUID)
		x.ref("Client", client)
		x.ref("RelatedClient", related)
		x.open("RelationshipType")
		x.el("Name", r.Type)
		x.close("RelationshipType")
		x.el("NumberOfShares", r.NumberOfShares)
		x.el("Percentage", r.Percentage)
		x.el("StartDate", r.StartDate)
		x.el("EndDate", r.EndDate)
		x.close("ClientRelationship")
	}
	s.end(x)
}

func (s *Server) relBody(c *call) (*node, bool) {
	if !s.pmOnly(c) {
		return nil, false
	}
	return s.readBody(c, "Relationship")
}

// pmOnly answers ERROR unless the practice has the Practice Manager module, which
// relationships need.
func (s *Server) pmOnly(c *call) bool {
	if !s.cfg.PMModule {
		s.fail(c, "Relationships are only available with the Practice Manager module")
		return false
	}
	return true
}

func (s *Server) relAdd(c *call) {
	n, ok := s.relBody(c)
	if !ok {
		return
	}
	r := relRec{}
	r.ClientUUID, _ = n.value("ClientUUID")
	r.RelatedUUID, _ = n.value("RelatedClientUUID")
	r.Type, _ = n.value("Type")
	relValues(&r, n)
	s.mu.Lock()
	desc := s.addRelLocked(&r)
	s.mu.Unlock()
	if desc != "" {
		s.fail(c, desc)
		return
	}
	s.writeRelAnswer(c, r)
}

func (s *Server) addRelLocked(r *relRec) string {
	owner, ok := s.d.clients[r.ClientUUID]
	if !ok || owner.c.IsDeleted {
		return errClientID
	}
	if rel, ok := s.d.clients[r.RelatedUUID]; !ok || rel.c.IsDeleted || r.RelatedUUID == r.ClientUUID {
		return "Invalid related client identifier"
	}
	if !slices.Contains(relationshipTypes, r.Type) {
		return "Invalid relationship type"
	}
	if desc := checkRelValues(r); desc != "" {
		return desc
	}
	r.UUID = s.d.newUUID()
	cp := *r
	s.d.rels[r.UUID] = &cp
	owner.rels = append(owner.rels, r.UUID)
	owner.modified = s.clock.Now()
	return ""
}

// lockRel reads a <Relationship> body and finds the stored relationship by
// its UUID. On success it returns with s.mu held so the change and the answer
// see one state; on failure the ERROR answer is already written.
func (s *Server) lockRel(c *call) (*node, string, *relRec, bool) {
	if !s.pmOnly(c) {
		return nil, "", nil, false
	}
	return lockByUUID(s, c, "Relationship", relsOf, errRelID)
}

func (s *Server) relUpdate(c *call) {
	n, _, cur, ok := s.lockRel(c)
	if !ok {
		return
	}
	r := *cur
	relValues(&r, n)
	if desc := checkRelValues(&r); desc != "" {
		s.mu.Unlock()
		s.fail(c, desc)
		return
	}
	*cur = r
	if owner, ok := s.d.clients[r.ClientUUID]; ok {
		owner.modified = s.clock.Now()
	}
	s.mu.Unlock()
	s.writeRelAnswer(c, r)
}

func (s *Server) relDelete(c *call) {
	_, id, cur, ok := s.lockRel(c)
	if !ok {
		return
	}
	r := *cur
	delete(s.d.rels, id)
	if owner, ok := s.d.clients[r.ClientUUID]; ok {
		owner.rels = slices.DeleteFunc(owner.rels, func(x string) bool { return x == id })
		owner.modified = s.clock.Now()
	}
	s.mu.Unlock()
	s.writeRelAnswer(c, r)
}
