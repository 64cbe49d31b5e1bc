package xpmfake

import (
	"slices"

	"xpmsync/core/model"
)

const errGroupID = "Invalid group identifier"

func (s *Server) groupList(c *call) {
	groups := s.Groups()
	x := s.begin(c)
	writeList(x, "Groups", groups, func(g *model.Group) { writeGroup(x, g, false, s.cfg.PMModule) })
	s.end(x)
}

func (s *Server) writeOneGroup(c *call, g *model.Group) {
	x := s.begin(c)
	x.el("WebUrl", g.WebURL)
	writeGroup(x, g, true, s.cfg.PMModule)
	s.end(x)
}

func (s *Server) groupGet(c *call) {
	s.mu.RLock()
	g, ok := s.d.groups[c.id]
	var m model.Group
	if ok {
		m = s.d.groupModel(g)
	}
	s.mu.RUnlock()
	if !ok {
		s.fail(c, errGroupID)
		return
	}
	s.writeOneGroup(c, &m)
}

func (s *Server) groupAdd(c *call) {
	n, ok := s.readBody(c, "Group")
	if !ok {
		return
	}
	name, _ := n.value("Name")
	if name == "" {
		s.fail(c, "Group name is required")
		return
	}
	taxable, _ := n.value("Taxable")
	if taxable != "" && taxable != "Yes" && taxable != "No" {
		s.fail(c, "Invalid Taxable value, expected Yes or No")
		return
	}
	first, _ := n.value("ClientUUID")
	s.mu.Lock()
	if first != "" {
		if rec, ok := s.d.clients[first]; !ok || rec.c.IsDeleted {
			s.mu.Unlock()
			s.fail(c, errClientID)
			return
		}
	}
	g := &groupRec{UUID: s.d.newUUID(), Name: name, Taxable: taxable}
	if g.Taxable == "" {
		g.Taxable = "No"
	}
	s.d.groups[g.UUID] = g
	s.d.groupOrder = append(s.d.groupOrder, g.UUID)
	if first != "" {
		s.d.addMember(g.UUID, first)
	}
	m := s.d.groupModel(g)
	s.mu.Unlock()
	s.writeOneGroup(c, &m)
}

// groupMembers applies <add uuid="…"/> and <remove uuid="…"/> (members are attributes).
// Group changes do not bump clients' modified times (addendum §1: partners see them late).
func (s *Server) groupMembers(c *call) {
	n, id, g, ok := lockByUUID(s, c, "Group", groupsOf, errGroupID)
	if !ok {
		return
	}
	for _, ch := range n.Children {
		if ch.Name != "add" && ch.Name != "remove" {
			continue
		}
		cid := ch.Attrs["uuid"]
		if rec, ok := s.d.clients[cid]; !ok || rec.c.IsDeleted {
			s.mu.Unlock()
			s.fail(c, errClientID)
			return
		}
	}
	for _, ch := range n.Children {
		switch ch.Name {
		case "add":
			s.d.addMember(id, ch.Attrs["uuid"])
		case "remove":
			s.d.removeMember(id, ch.Attrs["uuid"])
		}
	}
	m := s.d.groupModel(g)
	s.mu.Unlock()
	s.writeOneGroup(c, &m)
}

func (s *Server) groupDelete(c *call) {
	_, id, g, ok := lockByUUID(s, c, "Group", groupsOf, errGroupID)
	if !ok {
		return
	}
	for _, m := range slices.Clone(g.members) {
		s.d.removeMember(id, m)
	}
	delete(s.d.groups, id)
	s.d.groupOrder = slices.DeleteFunc(s.d.groupOrder, func(x string) bool { return x == id })
	s.mu.Unlock()
	s.okOnly(c)
}
