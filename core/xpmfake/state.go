package xpmfake

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"xpmsync/core/model"
)

// contactLink is a contact's membership of one client; Position and IsPrimary belong here.
type contactLink struct {
	UUID      string
	Position  string
	IsPrimary bool
}

// clientRec is a stored client. rec.c keeps scalar fields, notes and reference UUIDs (names
// are resolved when read, so a renamed staff member shows everywhere at once) and the real,
// unmasked tax number. Contacts, groups and relationships live beside it.
type clientRec struct {
	c        model.Client
	links    []contactLink
	groups   []string // group UUIDs
	rels     []string // UUIDs of relationships this client owns
	modified time.Time
}

type relRec struct {
	UUID, ClientUUID, RelatedUUID, Type string
	NumberOfShares, Percentage          string
	StartDate, EndDate                  string
}

type groupRec struct {
	UUID, Name, Taxable string
	members             []string
}

// data is the practice's records; guarded by Server.mu.
type data struct {
	rng          *rand.Rand
	clients      map[string]*clientRec
	order        []string
	contacts     map[string]*model.Contact // master fields; Position/IsPrimary unused
	contactOrder []string
	rels         map[string]*relRec
	groups       map[string]*groupRec
	groupOrder   []string
	staff        map[string]*model.Staff
	staffOrder   []string
}

func newData(seed int64) *data {
	return &data{
		rng:      rand.New(rand.NewPCG(uint64(seed), 0xC0FFEE)),
		clients:  map[string]*clientRec{},
		contacts: map[string]*model.Contact{},
		rels:     map[string]*relRec{},
		groups:   map[string]*groupRec{},
		staff:    map[string]*model.Staff{},
	}
}

// newUUID draws a version-4 shaped UUID from the seeded generator, so seeded data and
// records created by a scripted test are the same on every run.
func (d *data) newUUID() string {
	a, b := d.rng.Uint64(), d.rng.Uint64()
	a = a&^0xF000 | 0x4000
	b = b&^(0xC<<60) | 0x8<<60
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, (a>>16)&0xFFFF, a&0xFFFF, b>>48, b&0xFFFFFFFFFFFF)
}

var errNotFound = errors.New("not found")

func (d *data) staffRef(uuid string) model.Ref {
	if uuid == "" {
		return model.Ref{}
	}
	if st, ok := d.staff[uuid]; ok {
		return model.Ref{UUID: uuid, Name: st.Name}
	}
	return model.Ref{UUID: uuid}
}

func (d *data) clientRef(uuid string) model.Ref {
	if uuid == "" {
		return model.Ref{}
	}
	if rec, ok := d.clients[uuid]; ok {
		return model.Ref{UUID: uuid, Name: rec.c.Name}
	}
	return model.Ref{UUID: uuid}
}

// assemble builds the full client as XPM would show it (tax number still unmasked).
func (d *data) assemble(rec *clientRec) model.Client {
	c := rec.c
	c.AccountManager = d.staffRef(rec.c.AccountManager.UUID)
	c.JobManager = d.staffRef(rec.c.JobManager.UUID)
	c.BillingClient = d.clientRef(rec.c.BillingClient.UUID)
	c.Notes = slices.Clone(rec.c.Notes)
	c.Contacts = make([]model.Contact, 0, len(rec.links))
	for _, l := range rec.links {
		m, ok := d.contacts[l.UUID]
		if !ok {
			continue
		}
		ct := *m
		ct.Position, ct.IsPrimary = l.Position, l.IsPrimary
		c.Contacts = append(c.Contacts, ct)
	}
	c.Groups = make([]model.Ref, 0, len(rec.groups))
	for _, g := range rec.groups {
		if gr, ok := d.groups[g]; ok {
			c.Groups = append(c.Groups, model.Ref{UUID: g, Name: gr.Name})
		}
	}
	c.Relationships = make([]model.Relationship, 0, len(rec.rels))
	for _, id := range rec.rels {
		if r, ok := d.rels[id]; ok {
			c.Relationships = append(c.Relationships, r.model(d))
		}
	}
	c.WebURL = clientWebURL(c.UUID)
	return c
}

func (r *relRec) model(d *data) model.Relationship {
	return model.Relationship{UUID: r.UUID, Type: r.Type, RelatedClient: d.clientRef(r.RelatedUUID),
		NumberOfShares: r.NumberOfShares, Percentage: r.Percentage, StartDate: r.StartDate, EndDate: r.EndDate}
}

func clientWebURL(uuid string) string {
	return "https://practicemanager.xero.com/Client/" + uuid + "/Detail"
}

func staffWebURL(uuid string) string {
	return "https://practicemanager.xero.com/Staff/" + uuid + "/Detail"
}

func groupWebURL(uuid string) string {
	return "https://practicemanager.xero.com/ClientGroup/" + uuid + "/Detail"
}

// put adds or replaces a client as if it were edited in XPM's own screens.
func (d *data) put(c model.Client, now time.Time) *clientRec {
	if c.UUID == "" {
		c.UUID = d.newUUID()
	}
	rec, ok := d.clients[c.UUID]
	if !ok {
		rec = &clientRec{}
		d.clients[c.UUID] = rec
		d.order = append(d.order, c.UUID)
	}
	contacts, groups, rels := c.Contacts, c.Groups, c.Relationships
	c.Contacts, c.Groups, c.Relationships, c.WebURL = nil, nil, nil, ""
	c.AccountManager = model.Ref{UUID: c.AccountManager.UUID}
	c.JobManager = model.Ref{UUID: c.JobManager.UUID}
	c.BillingClient = model.Ref{UUID: c.BillingClient.UUID}
	rec.c = c
	rec.modified = now

	rec.links = rec.links[:0]
	for _, ct := range contacts {
		if ct.UUID == "" {
			ct.UUID = d.newUUID()
		}
		d.putContact(ct)
		rec.links = append(rec.links, contactLink{UUID: ct.UUID, Position: ct.Position, IsPrimary: ct.IsPrimary})
	}

	for _, g := range slices.Clone(rec.groups) {
		if !slices.ContainsFunc(groups, func(r model.Ref) bool { return r.UUID == g }) {
			d.removeMember(g, c.UUID)
		}
	}
	for _, g := range groups {
		if _, ok := d.groups[g.UUID]; !ok || g.UUID == "" {
			if g.UUID == "" {
				g.UUID = d.newUUID()
			}
			d.groups[g.UUID] = &groupRec{UUID: g.UUID, Name: g.Name, Taxable: "No"}
			d.groupOrder = append(d.groupOrder, g.UUID)
		}
		d.addMember(g.UUID, c.UUID)
	}

	for _, id := range rec.rels {
		delete(d.rels, id)
	}
	rec.rels = rec.rels[:0]
	for _, r := range rels {
		if _, ok := d.clients[r.RelatedClient.UUID]; !ok {
			continue
		}
		if r.UUID == "" {
			r.UUID = d.newUUID()
		}
		d.rels[r.UUID] = &relRec{UUID: r.UUID, ClientUUID: c.UUID, RelatedUUID: r.RelatedClient.UUID, Type: r.Type,
			NumberOfShares: r.NumberOfShares, Percentage: r.Percentage, StartDate: r.StartDate, EndDate: r.EndDate}
		rec.rels = append(rec.rels, r.UUID)
	}
	return rec
}

// putContact stores a contact's own fields (shared by every client it is linked to).
func (d *data) putContact(ct model.Contact) {
	ct.Position, ct.IsPrimary = "", false
	if m, ok := d.contacts[ct.UUID]; ok {
		*m = ct
		return
	}
	d.contacts[ct.UUID] = &ct
	d.contactOrder = append(d.contactOrder, ct.UUID)
}

func (d *data) addMember(group, client string) {
	g, ok := d.groups[group]
	rec, ok2 := d.clients[client]
	if !ok || !ok2 || slices.Contains(g.members, client) {
		return
	}
	g.members = append(g.members, client)
	rec.groups = append(rec.groups, group)
}

func (d *data) removeMember(group, client string) {
	if g, ok := d.groups[group]; ok {
		g.members = slices.DeleteFunc(g.members, func(m string) bool { return m == client })
	}
	if rec, ok := d.clients[client]; ok {
		rec.groups = slices.DeleteFunc(rec.groups, func(m string) bool { return m == group })
	}
}

// clientsOf lists the clients a contact is linked to, in client order.
func (d *data) clientsOf(contact string) []string {
	var out []string
	for _, id := range d.order {
		if slices.ContainsFunc(d.clients[id].links, func(l contactLink) bool { return l.UUID == contact }) {
			out = append(out, id)
		}
	}
	return out
}

// --- test-data manipulation (exported) ---

// Clients returns a snapshot of every client, archived and deleted ones included, with
// unmasked tax numbers.
func (s *Server) Clients() []model.Client {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]model.Client, 0, len(s.d.order))
	for _, id := range s.d.order {
		out = append(out, s.d.assemble(s.d.clients[id]))
	}
	return out
}

// Client returns one client by UUID (tax number unmasked).
func (s *Server) Client(uuid string) (model.Client, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	rec, ok := s.d.clients[uuid]
	if !ok {
		return model.Client{}, false
	}
	return s.d.assemble(rec), true
}

// PutClient adds or replaces a client as if edited in XPM's UI: it assigns a UUID when empty
// (and to new contacts, groups and relationships), replaces contacts, group memberships and
// the client's own relationships with those given, and bumps the modified time.
func (s *Server) PutClient(c model.Client) model.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.d.put(c, s.clock.Now())
	return s.d.assemble(rec)
}

// EditClient changes a client in place through fn, as PutClient would store it.
func (s *Server) EditClient(uuid string, fn func(*model.Client)) error {
	return s.withClient(uuid, "edit", func(rec *clientRec) {
		c := s.d.assemble(rec)
		fn(&c)
		c.UUID = uuid
		s.d.put(c, s.clock.Now())
	})
}

// withClient runs fn on the stored client uuid under s.mu; action names the change in
// the error when there is no such client.
func (s *Server) withClient(uuid, action string, fn func(*clientRec)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.d.clients[uuid]
	if !ok {
		return fmt.Errorf("xpmfake: %s client %s: %w", action, uuid, errNotFound)
	}
	fn(rec)
	return nil
}

// ArchiveClient marks a client archived, bumping its modified time unless
// Quirks.ArchiveKeepsModified.
func (s *Server) ArchiveClient(uuid string) error {
	return s.withClient(uuid, "archive", s.markArchived)
}

// markArchived is archiving as both the API and the control surface do it; callers hold s.mu.
func (s *Server) markArchived(rec *clientRec) {
	rec.c.IsArchived = true
	if !s.quirks().ArchiveKeepsModified {
		rec.modified = s.clock.Now()
	}
}

// DeleteClient marks a client deleted (it stays in client.api/list with IsDeleted=Yes),
// bumping its modified time unless Quirks.DeleteKeepsModified.
func (s *Server) DeleteClient(uuid string) error {
	return s.withClient(uuid, "delete", s.markDeleted)
}

// markDeleted is deleting as both the API and the control surface do it; callers hold s.mu.
func (s *Server) markDeleted(rec *clientRec) {
	rec.c.IsDeleted = true
	if !s.quirks().DeleteKeepsModified {
		rec.modified = s.clock.Now()
	}
}

// MergeClients merges loser into winner as XPM's UI does: the loser is marked deleted (or
// archived / removed, per Quirks), its contacts move to the winner (bumping the winner), and
// nothing in the API links the two.
func (s *Server) MergeClients(loser, winner string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.d.clients[loser]
	w, ok2 := s.d.clients[winner]
	if !ok || !ok2 || loser == winner {
		return fmt.Errorf("xpmfake: merge %s into %s: %w", loser, winner, errNotFound)
	}
	now := s.clock.Now()
	for _, link := range l.links {
		if !slices.ContainsFunc(w.links, func(x contactLink) bool { return x.UUID == link.UUID }) {
			link.IsPrimary = false
			w.links = append(w.links, link)
		}
	}
	l.links = nil
	w.modified = now
	q := s.quirks()
	switch {
	case q.MergeRemoves:
		for _, g := range slices.Clone(l.groups) {
			s.d.removeMember(g, loser)
		}
		for _, id := range l.rels {
			delete(s.d.rels, id)
		}
		delete(s.d.clients, loser)
		s.d.order = slices.DeleteFunc(s.d.order, func(id string) bool { return id == loser })
		return nil
	case q.MergeArchives:
		l.c.IsArchived = true
	default:
		l.c.IsDeleted = true
	}
	if !q.MergeKeepsModified {
		l.modified = now
	}
	return nil
}

// Staff returns a snapshot of the practice's staff.
func (s *Server) Staff() []model.Staff {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]model.Staff, 0, len(s.d.staffOrder))
	for _, id := range s.d.staffOrder {
		st := *s.d.staff[id]
		st.WebURL = staffWebURL(id)
		out = append(out, st)
	}
	return out
}

// PutStaff adds or replaces a staff member (assigning a UUID when empty).
func (s *Server) PutStaff(st model.Staff) model.Staff {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.d.putStaff(st)
}

func (d *data) putStaff(st model.Staff) model.Staff {
	if st.UUID == "" {
		st.UUID = d.newUUID()
	}
	st.WebURL = ""
	if m, ok := d.staff[st.UUID]; ok {
		*m = st
	} else {
		cp := st
		d.staff[st.UUID] = &cp
		d.staffOrder = append(d.staffOrder, st.UUID)
	}
	st.WebURL = staffWebURL(st.UUID)
	return st
}

// Groups returns a snapshot of the client groups with their members.
func (s *Server) Groups() []model.Group {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]model.Group, 0, len(s.d.groupOrder))
	for _, id := range s.d.groupOrder {
		out = append(out, s.d.groupModel(s.d.groups[id]))
	}
	return out
}

func (d *data) groupModel(g *groupRec) model.Group {
	m := model.Group{UUID: g.UUID, Name: g.Name, Taxable: g.Taxable, WebURL: groupWebURL(g.UUID)}
	for _, c := range g.members {
		m.Clients = append(m.Clients, d.clientRef(c))
	}
	return m
}

// Contacts returns a snapshot of every contact's own fields (deleted ones included).
func (s *Server) Contacts() []model.Contact {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]model.Contact, 0, len(s.d.contactOrder))
	for _, id := range s.d.contactOrder {
		out = append(out, *s.d.contacts[id])
	}
	return out
}

// Modified returns a client's modified time as client.api/list?modifiedsince sees it.
func (s *Server) Modified(uuid string) (time.Time, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	rec, ok := s.d.clients[uuid]
	if !ok {
		return time.Time{}, false
	}
	return rec.modified, true
}
