package xpmfake_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/xpmfake"
)

type xContactOne struct {
	Contact xContact `xml:"Contact"`
}

type xContacts struct {
	Contacts []xContact `xml:"Contacts>Contact"`
	Next     *string    `xml:"Pagination>Links>Next"`
}

// sharedContact finds a contact linked to two clients.
func sharedContact(t *testing.T, s *xpmfake.Server) (contact string, a, b model.Client) {
	t.Helper()
	owners := map[string][]model.Client{}
	for _, c := range s.Clients() {
		if c.IsDeleted {
			continue
		}
		for _, ct := range c.Contacts {
			owners[ct.UUID] = append(owners[ct.UUID], c)
			if len(owners[ct.UUID]) == 2 {
				return ct.UUID, owners[ct.UUID][0], owners[ct.UUID][1]
			}
		}
	}
	t.Fatal("seed has no shared contact")
	return
}

func TestContactEndpoints(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 80, Seed: 21, PMModule: true})
	id, a, b := sharedContact(t, se.s)

	// A shared contact shows per-client Position and IsPrimary only with clientUuid.
	var one xContactOne
	se.xmlOK("GET", "client.api/contact/"+id+"?clientUuid="+a.UUID, "", &one)
	if one.Contact.UUID != id || one.Contact.IsPrimary == "" {
		t.Fatalf("contact via client: %+v", one.Contact)
	}
	one = xContactOne{}
	se.xmlOK("GET", "client.api/contact/"+id, "", &one)
	if one.Contact.IsPrimary != "" {
		t.Fatalf("contact without client shows IsPrimary %q", one.Contact.IsPrimary)
	}

	// Editing the contact's own fields shows on both clients; Position only on one.
	se.xmlOK("PUT", "client.api/contact/"+id, `<Contact><Name>Aroha Ngata-Smith</Name><Client><UUID>`+a.UUID+`</UUID></Client><Position>Trustee &amp; Director</Position></Contact>`, &one)
	if one.Contact.Name != "Aroha Ngata-Smith" || one.Contact.Position != "Trustee & Director" {
		t.Fatalf("update answer %+v", one.Contact)
	}
	ca, _ := se.s.Client(a.UUID)
	cb, _ := se.s.Client(b.UUID)
	pa, pb := findContact(ca, id), findContact(cb, id)
	if pa.Name != "Aroha Ngata-Smith" || pb.Name != "Aroha Ngata-Smith" || pa.Position != "Trustee & Director" || pb.Position == "Trustee & Director" {
		t.Fatalf("shared contact after edit: on a %+v, on b %+v", pa, pb)
	}
	se.xmlError("PUT", "client.api/contact/"+id, `<Contact><Name>X</Name><Position>Boss</Position></Contact>`)

	// POST contact needs a client; the new contact is linked and can be made primary.
	se.xmlError("POST", "client.api/contact", `<Contact><Name>Nobody</Name></Contact>`)
	se.xmlOK("POST", "client.api/contact", `<Contact><Client><UUID>`+a.UUID+`</UUID></Client><Name>New Person</Name><IsPrimary>Yes</IsPrimary></Contact>`, &one)
	newID := one.Contact.UUID
	ca, _ = se.s.Client(a.UUID)
	for _, ct := range ca.Contacts {
		if ct.IsPrimary != (ct.UUID == newID) {
			t.Fatalf("after adding a primary contact, %s IsPrimary=%v", ct.Name, ct.IsPrimary)
		}
	}

	// Link existing contacts to another client: at most 10 per request.
	se.xmlOK("POST", "client.api/client/"+b.UUID+"/contacts", `<Client><Contacts><Contact><UUID>`+newID+`</UUID><Position>Adviser</Position><IsPrimary>No</IsPrimary></Contact></Contacts></Client>`, nil)
	if cb, _ = se.s.Client(b.UUID); findContact(cb, newID).Position != "Adviser" {
		t.Fatalf("linked contact missing on b: %+v", cb.Contacts)
	}
	var eleven strings.Builder
	for i := 0; i < 11; i++ {
		fmt.Fprintf(&eleven, "<Contact><UUID>%s</UUID></Contact>", newID)
	}
	se.xmlError("POST", "client.api/client/"+b.UUID+"/contacts", "<Client><Contacts>"+eleven.String()+"</Contacts></Client>")

	// DELETE with clientUuid unlinks from that client only; without, deletes everywhere.
	one = xContactOne{}
	se.xmlOK("DELETE", "client.api/contact/"+newID+"?clientUuid="+a.UUID, "", &one)
	if one.Contact.IsDeleted != "No" {
		t.Fatalf("unlinking from one client deleted the contact: %+v", one.Contact)
	}
	one = xContactOne{}
	se.xmlOK("DELETE", "client.api/contact/"+newID, "", &one)
	if one.Contact.IsDeleted != "Yes" {
		t.Fatalf("delete: %+v", one.Contact)
	}
	if cb, _ = se.s.Client(b.UUID); findContact(cb, newID).UUID != "" {
		t.Fatal("deleted contact still linked to b")
	}
}

func findContact(c model.Client, id string) model.Contact {
	for _, ct := range c.Contacts {
		if ct.UUID == id {
			return ct
		}
	}
	return model.Contact{}
}

func TestContactsPagedList(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 60, Seed: 8})
	seen := map[string]bool{}
	path := "client.api/contacts?pageSize=50"
	for i := 0; ; i++ {
		var page xContacts
		se.xmlOK("GET", path, "", &page)
		for _, c := range page.Contacts {
			if seen[c.UUID] {
				t.Fatalf("contact %s twice", c.UUID)
			}
			seen[c.UUID] = true
		}
		if page.Next == nil {
			break
		}
		u, _ := url.Parse(*page.Next)
		path = "client.api/contacts?" + u.RawQuery
		if i > 50 {
			t.Fatal("no end")
		}
	}
	want := 0
	for _, c := range se.s.Contacts() {
		if !c.IsDeleted {
			want++
		}
	}
	if len(seen) != want {
		t.Fatalf("paged contacts gave %d, want %d", len(seen), want)
	}
	// A client-list token is not a contacts token.
	_, body := se.do("GET", "client.api/paged-list?pageSize=1", "")
	tok := string(body)[strings.Index(string(body), "pageToken=")+len("pageToken="):]
	tok = tok[:strings.Index(tok, "&amp;")]
	se.xmlError("GET", "client.api/contacts?pageToken="+tok, "")
}

func TestRelationshipEndpoints(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 30, Seed: 12, PMModule: true})
	var co, person model.Client
	for _, c := range se.s.Clients() {
		if c.IsDeleted {
			continue
		}
		if c.Tax.BusinessStructure == "Company" && co.UUID == "" {
			co = c
		}
		if c.Tax.BusinessStructure == "Individual" && person.UUID == "" {
			person = c
		}
	}
	type xRel struct {
		UUID           string `xml:"ClientRelationship>UUID"`
		Client         xRef   `xml:"ClientRelationship>Client"`
		Related        xRef   `xml:"ClientRelationship>RelatedClient"`
		Type           string `xml:"ClientRelationship>RelationshipType>Name"`
		NumberOfShares string `xml:"ClientRelationship>NumberOfShares"`
	}
	var r xRel
	se.xmlOK("POST", "client.api/addrelationship", `<Relationship><ClientUUID>`+co.UUID+`</ClientUUID><RelatedClientUUID>`+person.UUID+`</RelatedClientUUID><Type>Shareholder</Type><NumberOfShares>1000</NumberOfShares><StartDate>2020-07-01</StartDate></Relationship>`, &r)
	if r.UUID == "" || r.Client.UUID != co.UUID || r.Related.Name != person.Name || r.Type != "Shareholder" || r.NumberOfShares != "1000" {
		t.Fatalf("add answer %+v", r)
	}
	se.xmlOK("PUT", "client.api/updaterelationship", `<Relationship><UUID>`+r.UUID+`</UUID><NumberOfShares>1500</NumberOfShares></Relationship>`, &r)
	got, _ := se.s.Client(co.UUID)
	var found bool
	for _, rel := range got.Relationships {
		if rel.UUID == r.UUID {
			found = rel.NumberOfShares == "1500" && rel.StartDate == "2020-07-01" && rel.RelatedClient.UUID == person.UUID
		}
	}
	if !found {
		t.Fatalf("relationship after update: %+v", got.Relationships)
	}
	for _, bad := range []string{
		`<Relationship><ClientUUID>` + co.UUID + `</ClientUUID><RelatedClientUUID>` + person.UUID + `</RelatedClientUUID><Type>Director</Type><NumberOfShares>5</NumberOfShares></Relationship>`,
		`<Relationship><ClientUUID>` + co.UUID + `</ClientUUID><RelatedClientUUID>` + person.UUID + `</RelatedClientUUID><Type>Director</Type><Percentage>50</Percentage></Relationship>`,
		`<Relationship><ClientUUID>` + co.UUID + `</ClientUUID><RelatedClientUUID>` + person.UUID + `</RelatedClientUUID><Type>Boss</Type></Relationship>`,
		`<Relationship><ClientUUID>` + co.UUID + `</ClientUUID><RelatedClientUUID>` + co.UUID + `</RelatedClientUUID><Type>Director</Type></Relationship>`,
		`<Relationship><ClientUUID>` + co.UUID + `</ClientUUID><RelatedClientUUID>` + person.UUID + `</RelatedClientUUID><Type>Director</Type><StartDate>01/07/2020</StartDate></Relationship>`,
	} {
		se.xmlError("POST", "client.api/addrelationship", bad)
	}
	se.xmlOK("POST", "client.api/deleterelationship", `<Relationship><UUID>`+r.UUID+`</UUID></Relationship>`, nil)
	se.xmlError("POST", "client.api/deleterelationship", `<Relationship><UUID>`+r.UUID+`</UUID></Relationship>`)
}

func TestGroupAndStaffEndpoints(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 30, Seed: 13, PMModule: true})
	clients := se.s.Clients()
	a, b := clients[0].UUID, clients[1].UUID
	type xGroup struct {
		UUID    string `xml:"Group>UUID"`
		Name    string `xml:"Group>Name"`
		Taxable string `xml:"Group>Taxable"`
		Clients []xRef `xml:"Group>Clients>Client"`
	}
	var g xGroup
	se.xmlOK("POST", "clientgroup.api/add", `<Group><Name>Monthly &amp; Quarterly</Name><Taxable>Yes</Taxable><ClientUUID>`+a+`</ClientUUID></Group>`, &g)
	if g.Name != "Monthly & Quarterly" || g.Taxable != "Yes" || len(g.Clients) != 1 || g.Clients[0].UUID != a {
		t.Fatalf("group add %+v", g)
	}
	gid := g.UUID
	g = xGroup{}
	se.xmlOK("PUT", "clientgroup.api/members", `<Group><UUID>`+gid+`</UUID><add uuid="`+b+`"/><remove uuid="`+a+`"/></Group>`, &g)
	if len(g.Clients) != 1 || g.Clients[0].UUID != b {
		t.Fatalf("members after add/remove: %+v", g.Clients)
	}
	if cb, _ := se.s.Client(b); len(cb.Groups) == 0 || cb.Groups[len(cb.Groups)-1].UUID != gid {
		t.Fatalf("client b's groups %+v", cb.Groups)
	}
	var list struct {
		Groups []xRef `xml:"Groups>Group"`
	}
	se.xmlOK("GET", "clientgroup.api/list", "", &list)
	if len(list.Groups) != len(se.s.Groups()) {
		t.Fatalf("group list %d, want %d", len(list.Groups), len(se.s.Groups()))
	}
	se.xmlOK("POST", "clientgroup.api/delete", `<Group><UUID>`+gid+`</UUID></Group>`, nil)
	se.xmlError("GET", "clientgroup.api/get/"+gid, "")

	// Staff: add answers like get (api-method "Get"), update keeps omitted fields.
	type xStaff struct {
		UUID  string `xml:"Staff>UUID"`
		Name  string `xml:"Staff>Name"`
		Email string `xml:"Staff>Email"`
		Phone string `xml:"Staff>Phone"`
	}
	var st xStaff
	_, raw := se.do("POST", "staff.api/add", `<Staff><Name>Renée Lefèvre</Name><Email>renee@example.com</Email><Phone>09 1</Phone></Staff>`)
	if !strings.HasPrefix(string(raw), `<Response api-method="Get"><Status>OK</Status>`) {
		t.Fatalf("staff add answer: %s", raw)
	}
	se.xmlOK("GET", "staff.api/list", "", nil)
	for _, s := range se.s.Staff() {
		if s.Name == "Renée Lefèvre" {
			st.UUID = s.UUID
		}
	}
	se.xmlOK("PUT", "staff.api/update", `<Staff><UUID>`+st.UUID+`</UUID><Email>renee@practice.example</Email></Staff>`, &st)
	if st.Name != "Renée Lefèvre" || st.Email != "renee@practice.example" || st.Phone != "09 1" {
		t.Fatalf("staff update %+v", st)
	}
	// A client managed by a deleted staff member loses the reference.
	se.xmlOK("PUT", "client.api/update", `<Client><UUID>`+a+`</UUID><Name>`+xmlEscape(clients[0].Name)+`</Name><AccountManagerUUID>`+st.UUID+`</AccountManagerUUID></Client>`, nil)
	se.xmlOK("POST", "staff.api/delete", `<Staff><UUID>`+st.UUID+`</UUID></Staff>`, nil)
	if ca, _ := se.s.Client(a); ca.AccountManager.UUID != "" {
		t.Fatalf("deleted staff still partner: %+v", ca.AccountManager)
	}
	se.xmlError("GET", "staff.api/get/"+st.UUID, "")
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func TestArchiveDeleteSearchAndMerge(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 40, Seed: 14, PMModule: true})
	var live []model.Client
	for _, c := range se.s.Clients() {
		if !c.IsArchived && !c.IsDeleted {
			live = append(live, c)
		}
	}
	var one xOne
	se.xmlOK("PUT", "client.api/archive", `<Client><UUID>`+live[0].UUID+`</UUID></Client>`, &one)
	if one.Client.IsArchived != "Yes" {
		t.Fatalf("archive answer %+v", one.Client)
	}
	se.xmlOK("POST", "client.api/delete", `<Client><UUID>`+live[1].UUID+`</UUID></Client>`, nil)
	se.xmlOK("GET", "client.api/get/"+live[1].UUID, "", &one)
	if one.Client.IsDeleted != "Yes" {
		t.Fatalf("get of a deleted client: %+v", one.Client)
	}
	se.xmlError("PUT", "client.api/update", `<Client><UUID>`+live[1].UUID+`</UUID><Name>X</Name></Client>`)

	var found xClients
	word := strings.Fields(live[2].Name)[0]
	se.xmlOK("GET", "client.api/search?query="+url.QueryEscape(strings.ToLower(word)), "", &found)
	hit := false
	for _, c := range found.Clients {
		hit = hit || c.UUID == live[2].UUID
	}
	if !hit {
		t.Fatalf("search %q did not find %s", word, live[2].Name)
	}

	// Merge: the loser is deleted, its contacts move to the winner, nothing links them.
	loser, winner := live[3], live[4]
	if err := se.s.MergeClients(loser.UUID, winner.UUID); err != nil {
		t.Fatal(err)
	}
	l, _ := se.s.Client(loser.UUID)
	w, _ := se.s.Client(winner.UUID)
	if !l.IsDeleted || len(l.Contacts) != 0 {
		t.Fatalf("loser after merge: deleted=%v contacts=%d", l.IsDeleted, len(l.Contacts))
	}
	for _, ct := range loser.Contacts {
		if findContact(w, ct.UUID).UUID == "" {
			t.Fatalf("contact %s did not move to the winner", ct.Name)
		}
	}
}
