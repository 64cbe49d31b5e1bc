package xpmfake

import (
	"slices"

	"xpmsync/core/model"
)

const errContactID = "Invalid contact identifier"

func (s *Server) contactList(c *call) {
	ref, size, ok := s.pageRequest(c, "contacts", func() []string {
		s.mu.RLock()
		defer s.mu.RUnlock()
		var ids []string
		for _, id := range s.d.contactOrder {
			if !s.d.contacts[id].IsDeleted {
				ids = append(ids, id)
			}
		}
		return ids
	})
	if !ok {
		return
	}
	x := s.begin(c)
	x.open("Contacts")
	for _, id := range ref.page(size) {
		s.mu.RLock()
		m, ok := s.d.contacts[id]
		var ct model.Contact
		if ok {
			ct = *m
		}
		s.mu.RUnlock()
		if ok && !ct.IsDeleted {
			writeContact(x, &ct, false)
		}
	}
	x.close("Contacts")
	s.writePagination(x, c, "client.api/contacts", ref, size)
	s.end(x)
}

// linkOf finds the link between a contact and a client. Caller holds s.mu.
func (d *data) linkOf(client, contact string) (*contactLink, bool) {
	rec, ok := d.clients[client]
	if !ok {
		return nil, false
	}
	for i := range rec.links {
		if rec.links[i].UUID == contact {
			return &rec.links[i], true
		}
	}
	return nil, false
}

// contactView is a contact as seen through one client ("" = no client context).
func (d *data) contactView(contact, client string) model.Contact {
	ct := *d.contacts[contact]
	if l, ok := d.linkOf(client, contact); ok {
		ct.Position, ct.IsPrimary = l.Position, l.IsPrimary
	}
	return ct
}

func (s *Server) writeOneContact(c *call, ct *model.Contact, linked bool) {
	x := s.begin(c)
	writeContact(x, ct, linked)
	s.end(x)
}

// touchContactClients bumps the clients a contact belongs to, if Quirks say contact edits do.
// Caller holds s.mu.
func (s *Server) touchContactClients(clients ...string) {
	if !s.quirks().ContactEditBumpsClient {
		return
	}
	now := s.clock.Now()
	for _, id := range clients {
		if rec, ok := s.d.clients[id]; ok {
			rec.modified = now
		}
	}
}

func (s *Server) contactGet(c *call) {
	client, _ := qget(c.r, "clientUuid")
	s.mu.RLock()
	_, ok := s.d.contacts[c.id]
	_, linked := s.d.linkOf(client, c.id)
	var ct model.Contact
	if ok {
		ct = s.d.contactView(c.id, client)
	}
	s.mu.RUnlock()
	switch {
	case !ok:
		s.fail(c, errContactID)
	case client != "" && !linked && !ct.IsDeleted:
		s.fail(c, "The contact is not linked to this client")
	default:
		s.writeOneContact(c, &ct, linked)
	}
}

// bodyClient reads the client UUID from <Client><UUID> in a contact body, or ?clientUuid=.
func bodyClient(c *call, n *node) string {
	if cn, ok := n.child("Client"); ok {
		if id, _ := cn.value("UUID"); id != "" {
			return id
		}
	}
	id, _ := qget(c.r, "clientUuid")
	return id
}

func setPrimary(rec *clientRec, contact string) {
	for i := range rec.links {
		rec.links[i].IsPrimary = rec.links[i].UUID == contact
	}
}

func (s *Server) contactUpdate(c *call) {
	n, ok := s.readBody(c, "Contact")
	if !ok {
		return
	}
	client := bodyClient(c, n)
	s.mu.Lock()
	out, linked, desc := s.updateContactLocked(c.id, client, n)
	s.mu.Unlock()
	if desc != "" {
		s.fail(c, desc)
		return
	}
	s.writeOneContact(c, &out, linked)
}

func (s *Server) updateContactLocked(id, client string, n *node) (model.Contact, bool, string) {
	m, ok := s.d.contacts[id]
	if !ok || m.IsDeleted {
		return model.Contact{}, false, errContactID
	}
	_, hasPos := n.value("Position")
	_, hasPrim := n.value("IsPrimary")
	var link *contactLink
	if client != "" {
		if link, ok = s.d.linkOf(client, id); !ok {
			return model.Contact{}, false, "The contact is not linked to this client"
		}
	} else if hasPos || hasPrim {
		return model.Contact{}, false, "A client is required to change Position or IsPrimary"
	}
	ct := *m
	if link != nil {
		ct.Position, ct.IsPrimary = link.Position, link.IsPrimary
	}
	if desc, ok := contactFromNode(&ct, n, false); !ok {
		return model.Contact{}, false, desc
	}
	if ct.Name == "" {
		return model.Contact{}, false, "Contact name is required"
	}
	s.d.putContact(ct)
	if link != nil {
		link.Position, link.IsPrimary = ct.Position, ct.IsPrimary
		if ct.IsPrimary {
			setPrimary(s.d.clients[client], id)
		}
	}
	s.touchContactClients(s.d.clientsOf(id)...)
	return s.d.contactView(id, client), link != nil, ""
}

func (s *Server) contactAdd(c *call) {
	n, ok := s.readBody(c, "Contact")
	if !ok {
		return
	}
	client := bodyClient(c, n)
	s.mu.Lock()
	out, desc := s.addContactLocked(client, n)
	s.mu.Unlock()
	if desc != "" {
		s.fail(c, desc)
		return
	}
	s.writeOneContact(c, &out, true)
}

func (s *Server) addContactLocked(client string, n *node) (model.Contact, string) {
	rec, ok := s.d.clients[client]
	if client == "" {
		return model.Contact{}, "A client UUID is required"
	}
	if !ok || rec.c.IsDeleted {
		return model.Contact{}, errClientID
	}
	var ct model.Contact
	if desc, ok := contactFromNode(&ct, n, false); !ok {
		return model.Contact{}, desc
	}
	if ct.Name == "" {
		return model.Contact{}, "Contact name is required"
	}
	ct.UUID = s.d.newUUID()
	s.d.putContact(ct)
	rec.links = append(rec.links, contactLink{UUID: ct.UUID, Position: ct.Position, IsPrimary: ct.IsPrimary})
	if ct.IsPrimary {
		setPrimary(rec, ct.UUID)
	}
	s.touchContactClients(client)
	return s.d.contactView(ct.UUID, client), ""
}

// contactDelete unlinks a contact from one client (?clientUuid=), or deletes it everywhere.
// A contact left with no client is marked deleted.
func (s *Server) contactDelete(c *call) {
	client, _ := qget(c.r, "clientUuid")
	s.mu.Lock()
	out, desc := s.deleteContactLocked(c.id, client)
	s.mu.Unlock()
	if desc != "" {
		s.fail(c, desc)
		return
	}
	s.writeOneContact(c, &out, false)
}

func (s *Server) deleteContactLocked(id, client string) (model.Contact, string) {
	m, ok := s.d.contacts[id]
	if !ok || m.IsDeleted {
		return model.Contact{}, errContactID
	}
	owners := s.d.clientsOf(id)
	if client != "" {
		if !slices.Contains(owners, client) {
			return model.Contact{}, "The contact is not linked to this client"
		}
		owners = []string{client}
	}
	for _, o := range owners {
		rec := s.d.clients[o]
		rec.links = slices.DeleteFunc(rec.links, func(l contactLink) bool { return l.UUID == id })
	}
	s.touchContactClients(owners...)
	if len(s.d.clientsOf(id)) == 0 {
		m.IsDeleted = true
	}
	return *m, ""
}

const maxLinkContacts = 10

// contactLinkMany links existing contacts to a client (at most 10 per request).
func (s *Server) contactLinkMany(c *call) {
	n, ok := s.readBody(c, "Client")
	if !ok {
		return
	}
	var items []*node
	if cs, ok := n.child("Contacts"); ok {
		items = cs.all("Contact")
	}
	if len(items) == 0 {
		s.fail(c, "At least one contact is required")
		return
	}
	if len(items) > maxLinkContacts {
		s.fail(c, "A maximum of 10 contacts can be linked in one request")
		return
	}
	s.mu.Lock()
	out, desc := s.linkContactsLocked(c.id, items)
	s.mu.Unlock()
	if desc != "" {
		s.fail(c, desc)
		return
	}
	x := s.begin(c)
	x.open("Client")
	x.el("UUID", c.id)
	x.open("Contacts")
	for i := range out {
		writeContact(x, &out[i], true)
	}
	x.close("Contacts")
	x.close("Client")
	s.end(x)
}

func (s *Server) linkContactsLocked(client string, items []*node) ([]model.Contact, string) {
	rec, ok := s.d.clients[client]
	if !ok || rec.c.IsDeleted {
		return nil, errClientID
	}
	type want struct {
		id      string
		pos     string
		primary bool
		hasPos  bool
		hasPrim bool
	}
	var ws []want
	for _, it := range items {
		id, _ := it.value("UUID")
		if m, ok := s.d.contacts[id]; !ok || m.IsDeleted {
			return nil, errContactID
		}
		w := want{id: id}
		w.pos, w.hasPos = it.value("Position")
		var p string
		p, w.hasPrim = it.value("IsPrimary")
		if p != "" && p != "Yes" && p != "No" {
			return nil, "Invalid IsPrimary value, expected Yes or No"
		}
		w.primary = p == "Yes"
		ws = append(ws, w)
	}
	var out []model.Contact
	for _, w := range ws {
		l, ok := s.d.linkOf(client, w.id)
		if !ok {
			rec.links = append(rec.links, contactLink{UUID: w.id})
			l = &rec.links[len(rec.links)-1]
		}
		if w.hasPos {
			l.Position = w.pos
		}
		if w.hasPrim {
			l.IsPrimary = w.primary
			if w.primary {
				setPrimary(rec, w.id)
			}
		}
	}
	for _, w := range ws {
		out = append(out, s.d.contactView(w.id, client))
	}
	s.touchContactClients(client)
	return out, ""
}
