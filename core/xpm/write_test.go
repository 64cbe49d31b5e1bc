package xpm

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"xpmsync/core/model"
)

// elems parses a request body into element name → text (first occurrence) plus the order.
func elems(t *testing.T, body string) (map[string]string, []string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(body))
	vals := map[string]string{}
	var order, stack []string
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return vals, order
		}
		if err != nil {
			t.Fatalf("request body is not XML: %v\n%s", err, body)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tk.Name.Local)
			order = append(order, strings.Join(stack, "/"))
			text.Reset()
		case xml.CharData:
			text.Write(tk)
		case xml.EndElement:
			path := strings.Join(stack, "/")
			if _, ok := vals[path]; !ok {
				vals[path] = text.String()
			}
			text.Reset()
			stack = stack[:len(stack)-1]
		}
	}
}

// recorder answers every request with body and keeps what was sent.
type recorder struct {
	mu     sync.Mutex
	method []string
	path   []string
	bodies []string
}

func (rc *recorder) handler(t *testing.T, answer func(r *http.Request) string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.method = append(rc.method, r.Method)
		rc.path = append(rc.path, r.URL.RequestURI())
		rc.bodies = append(rc.bodies, string(b))
		rc.mu.Unlock()
		writeXML(w, 200, answer(r))
	}
}

const okClient = `<Response><Status>OK</Status><Client><UUID>new-1</UUID><Name>Kowhai Farms</Name></Client></Response>`

func TestAddClientBody(t *testing.T) {
	rc := &recorder{}
	c, _ := newTestClient(t, rc.handler(t, func(*http.Request) string { return okClient }))
	in := model.Client{
		Name: "Kowhai Farms & Co", Website: "https://kowhai.example", DateOfBirth: "1970-11-26T00:00:00",
		PostalAddress: "PO Box 1\nTe Awamutu", AccountManager: model.Ref{UUID: "staff-1", Name: "ignored"},
		JobManager: model.Ref{UUID: "staff-2"}, BillingClient: model.Ref{UUID: "client-9"}, IsProspect: true,
		Tax:      model.TaxDetails{TaxNumber: "******123", GSTPeriod: "2 Monthly", GSTRegistered: "Yes"},
		Contacts: []model.Contact{{Name: "Aroha", IsPrimary: true, Email: "aroha@kowhai.example"}, {Name: "Ben"}},
		UUID:     "read-only", WebURL: "read-only", IsArchived: true,
		Notes: []model.Note{{Title: "read-only"}}, Groups: []model.Ref{{UUID: "g"}},
	}
	out, err := c.AddClient(context.Background(), in)
	if err != nil || out.UUID != "new-1" {
		t.Fatalf("out=%+v err=%v", out, err)
	}
	if rc.method[0] != "POST" || rc.path[0] != "/practicemanager/3.1/client.api/add" {
		t.Errorf("sent %s %s", rc.method[0], rc.path[0])
	}
	v, order := elems(t, rc.bodies[0])
	checks := map[string]string{
		"Client/Name": "Kowhai Farms & Co", "Client/WebSite": "https://kowhai.example", "Client/DateOfBirth": "1970-11-26",
		"Client/PostalAddress": "PO Box 1\nTe Awamutu", "Client/AccountManagerUUID": "staff-1", "Client/JobManagerUUID": "staff-2",
		"Client/BillingClientUUID": "client-9", "Client/GSTPeriod": "2", "Client/GSTRegistered": "Yes", "Client/IsProspect": "Yes",
		"Client/Contacts/Contact/Name": "Aroha", "Client/Contacts/Contact/IsPrimary": "Yes",
	}
	for k, want := range checks {
		if v[k] != want {
			t.Errorf("%s = %q, want %q", k, v[k], want)
		}
	}
	for _, forbidden := range []string{"Client/TaxNumber", "Client/Website", "Client/UUID", "Client/WebUrl", "Client/IsArchived",
		"Client/Notes", "Client/Groups", "Client/AccountManager", "Client/Phone"} {
		if _, ok := v[forbidden]; ok {
			t.Errorf("add body must not carry %s:\n%s", forbidden, rc.bodies[0])
		}
	}
	if n := strings.Count(strings.Join(order, " "), "Client/Contacts/Contact "); n != 2 {
		t.Errorf("%d contacts sent, want 2", n)
	}
}

func TestUpdateClientSendsOnlyGivenFields(t *testing.T) {
	rc := &recorder{}
	c, _ := newTestClient(t, rc.handler(t, func(*http.Request) string { return okClient }))
	_, err := c.UpdateClient(context.Background(), "c-1", "Kowhai Farms", map[string]string{
		"WebSite": "https://new.example", "AccountManagerUUID": "staff-3", "Phone": "", "GSTPeriod": "6 Monthly",
	})
	if err != nil {
		t.Fatal(err)
	}
	if rc.method[0] != "PUT" || rc.path[0] != "/practicemanager/3.1/client.api/update" {
		t.Errorf("sent %s %s", rc.method[0], rc.path[0])
	}
	v, order := elems(t, rc.bodies[0])
	want := []string{"Client", "Client/UUID", "Client/Name", "Client/Phone", "Client/WebSite", "Client/AccountManagerUUID", "Client/GSTPeriod"}
	if strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("elements %v, want %v", order, want)
	}
	if v["Client/UUID"] != "c-1" || v["Client/Phone"] != "" || v["Client/GSTPeriod"] != "6" || v["Client/WebSite"] != "https://new.example" {
		t.Errorf("values %v", v)
	}

	// Model read keys are accepted as aliases; a masked tax number and unknown fields are refused before sending.
	if _, err := c.UpdateClient(context.Background(), "c-1", "K", map[string]string{"Website": "x", "AccountManager": "s"}); err != nil {
		t.Errorf("aliases: %v", err)
	}
	v, _ = elems(t, rc.bodies[1])
	if v["Client/WebSite"] != "x" || v["Client/AccountManagerUUID"] != "s" {
		t.Errorf("aliases sent %v", rc.bodies[1])
	}
	if _, err := c.UpdateClient(context.Background(), "c-1", "K", map[string]string{"TaxNumber": "******123"}); err == nil {
		t.Error("masked TaxNumber must be refused")
	}
	if _, err := c.UpdateClient(context.Background(), "c-1", "K", map[string]string{"Notes": "x"}); err == nil {
		t.Error("read-only field must be refused")
	}
	if len(rc.bodies) != 2 {
		t.Errorf("refused updates must not reach the server (%d requests)", len(rc.bodies))
	}
	if _, err := c.UpdateClient(context.Background(), "c-1", "K", map[string]string{"TaxNumber": "123-456-789"}); err != nil {
		t.Errorf("a typed tax number is sent: %v", err)
	}
	if v, _ := elems(t, rc.bodies[2]); v["Client/TaxNumber"] != "123-456-789" {
		t.Errorf("tax number body %s", rc.bodies[2])
	}
}

func TestGroupMembersAsAttributes(t *testing.T) {
	rc := &recorder{}
	c, _ := newTestClient(t, rc.handler(t, func(r *http.Request) string {
		if r.Method == "PUT" {
			return `<Response><Status>OK</Status></Response>` // status-only: the client must read back
		}
		return string(fixture(t, "group_get.xml"))
	}))
	g, err := c.UpdateGroupMembers(context.Background(), "g1", []string{"c1", "c2"}, []string{"c3"})
	if err != nil || len(g.Clients) != 2 {
		t.Fatalf("g=%+v err=%v", g, err)
	}
	body := rc.bodies[0]
	if !strings.Contains(body, `<add uuid="c1" />`) || !strings.Contains(body, `<add uuid="c2" />`) || !strings.Contains(body, `<remove uuid="c3" />`) {
		t.Errorf("members body %s", body)
	}
	if rc.path[1] != "/practicemanager/3.1/clientgroup.api/get/g1" {
		t.Errorf("read back %v", rc.path)
	}
}

func TestLinkContactsBatchesOfTen(t *testing.T) {
	rc := &recorder{}
	c, _ := newTestClient(t, rc.handler(t, func(*http.Request) string { return `<Response><Status>OK</Status></Response>` }))
	var links []ContactLink
	for i := range 23 {
		links = append(links, ContactLink{UUID: string(rune('a' + i)), IsPrimary: i == 0})
	}
	if err := c.LinkContacts(context.Background(), "c-1", links); err != nil {
		t.Fatal(err)
	}
	if len(rc.bodies) != 3 {
		t.Fatalf("%d requests, want 3", len(rc.bodies))
	}
	for i, want := range []int{10, 10, 3} {
		if n := strings.Count(rc.bodies[i], "<Contact>"); n != want || rc.path[i] != "/practicemanager/3.1/client.api/client/c-1/contacts" {
			t.Errorf("request %d: %d contacts to %s", i, n, rc.path[i])
		}
	}
	if !strings.Contains(rc.bodies[0], "<UUID>a</UUID><IsPrimary>Yes</IsPrimary>") {
		t.Errorf("first body %s", rc.bodies[0])
	}
}

func TestContactCallsCarryClientUUID(t *testing.T) {
	rc := &recorder{}
	c, _ := newTestClient(t, rc.handler(t, func(r *http.Request) string {
		if r.Method == "POST" {
			return `<Response><Status>OK</Status></Response>` // no contact in the answer
		}
		if strings.Contains(r.URL.Path, "client.api/get/") {
			return `<Response><Status>OK</Status><Client><UUID>c-1</UUID><Name>C</Name><Contacts><Contact><UUID>k-new</UUID><Name>Aroha</Name></Contact></Contacts></Client></Response>`
		}
		return `<Response><Status>OK</Status><Contact><UUID>k-1</UUID><Name>Aroha</Name><Position>CEO</Position><IsPrimary>Yes</IsPrimary></Contact></Response>`
	}))
	ctx := context.Background()
	got, err := c.UpdateContact(ctx, "c-1", model.Contact{UUID: "k-1", Name: "Aroha", Position: "CEO", IsPrimary: true})
	if err != nil || got.Position != "CEO" {
		t.Fatalf("update %+v %v", got, err)
	}
	if rc.method[0] != "PUT" || rc.path[0] != "/practicemanager/3.1/client.api/contact/k-1?clientUuid=c-1" ||
		!strings.Contains(rc.bodies[0], "<Client><UUID>c-1</UUID></Client>") || !strings.Contains(rc.bodies[0], "<Phone />") {
		t.Errorf("update sent %s %s %s", rc.method[0], rc.path[0], rc.bodies[0])
	}
	added, err := c.AddContact(ctx, "c-1", model.Contact{Name: "Aroha"})
	if err != nil || added.UUID != "k-new" {
		t.Errorf("add fallback to re-read: %+v %v", added, err)
	}
	if err := c.DeleteContact(ctx, "k-1", "c-1"); err != nil {
		t.Fatal(err)
	}
	last := len(rc.path) - 1
	if rc.method[last] != "DELETE" || rc.path[last] != "/practicemanager/3.1/client.api/contact/k-1?clientUuid=c-1" {
		t.Errorf("delete sent %s %s", rc.method[last], rc.path[last])
	}
}

func TestRelationshipAddFallsBackToReread(t *testing.T) {
	rc := &recorder{}
	c, _ := newTestClient(t, rc.handler(t, func(r *http.Request) string {
		if r.Method == "POST" {
			return `<Response><Status>OK</Status></Response>`
		}
		return string(fixture(t, "client_list_detailed.xml"))
	}))
	r, err := c.AddRelationship(context.Background(), "6a0b1a2e-1111-4c1e-9c55-000000000001", model.Relationship{
		Type: "Shareholder", RelatedClient: model.Ref{UUID: "6a0b1a2e-1111-4c1e-9c55-000000000002"}, NumberOfShares: "1000", StartDate: "2011-01-01T00:00:00",
	})
	if err != nil || r.UUID != "7e000000-0000-4000-8000-000000000001" {
		t.Fatalf("r=%+v err=%v", r, err)
	}
	v, _ := elems(t, rc.bodies[0])
	if v["Relationship/ClientUUID"] != "6a0b1a2e-1111-4c1e-9c55-000000000001" || v["Relationship/Type"] != "Shareholder" ||
		v["Relationship/StartDate"] != "2011-01-01" || v["Relationship/NumberOfShares"] != "1000" {
		t.Errorf("body %s", rc.bodies[0])
	}
	if _, ok := v["Relationship/Percentage"]; ok {
		t.Errorf("unset Percentage must be omitted on add: %s", rc.bodies[0])
	}
}
