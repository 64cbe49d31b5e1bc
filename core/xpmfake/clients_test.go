package xpmfake_test

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/xpmfake"
)

// Decoding shapes for the tests: deliberately small and independent of core/xpm.
type xRef struct {
	UUID string `xml:"UUID"`
	Name string `xml:"Name"`
}

type xContact struct {
	UUID      string `xml:"UUID"`
	Name      string `xml:"Name"`
	Email     string `xml:"Email"`
	Mobile    string `xml:"Mobile"`
	Position  string `xml:"Position"`
	IsPrimary string `xml:"IsPrimary"`
	IsDeleted string `xml:"IsDeleted"`
}

type xClient struct {
	UUID           string      `xml:"UUID"`
	Name           string      `xml:"Name"`
	Email          string      `xml:"Email"`
	Phone          string      `xml:"Phone"`
	Fax            string      `xml:"Fax"`
	Website        string      `xml:"Website"`
	WebSite        *string     `xml:"WebSite"`
	DateOfBirth    string      `xml:"DateOfBirth"`
	PostalAddress  string      `xml:"PostalAddress"`
	IsArchived     string      `xml:"IsArchived"`
	IsDeleted      string      `xml:"IsDeleted"`
	AccountManager *xRef       `xml:"AccountManager"`
	JobManager     *xRef       `xml:"JobManager"`
	TaxNumber      *string     `xml:"TaxNumber"`
	GSTPeriod      string      `xml:"GSTPeriod"`
	Contacts       *[]xContact `xml:"Contacts>Contact"`
	Notes          *struct{}   `xml:"Notes"`
	Groups         []xRef      `xml:"Groups>Group"`
	Relationships  []struct {
		UUID           string `xml:"UUID"`
		Type           string `xml:"Type"`
		RelatedClient  xRef   `xml:"RelatedClient"`
		NumberOfShares string `xml:"NumberOfShares"`
		Percentage     string `xml:"Percentage"`
	} `xml:"Relationships>Relationship"`
}

type xClients struct {
	Clients []xClient `xml:"Clients>Client"`
	First   string    `xml:"Pagination>Links>First"`
	Next    *string   `xml:"Pagination>Links>Next"`
}

type xOne struct {
	WebURL string  `xml:"WebUrl"`
	Client xClient `xml:"Client"`
}

func TestListIncludesArchivedAndDeletedPagedListDoesNot(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 400, Seed: 7, PMModule: true})
	var list xClients
	se.xmlOK("GET", "client.api/list?detailed=true", "", &list)
	all := se.s.Clients()
	if len(list.Clients) != len(all) {
		t.Fatalf("list gave %d clients, fake holds %d", len(list.Clients), len(all))
	}
	active := map[string]bool{}
	archived, deleted := 0, 0
	for _, c := range all {
		switch {
		case c.IsDeleted:
			deleted++
		case c.IsArchived:
			archived++
		default:
			active[c.UUID] = true
		}
	}
	if archived == 0 || deleted == 0 {
		t.Fatalf("seed should archive and delete some clients: archived %d deleted %d", archived, deleted)
	}

	// Walk paged-list: every active client exactly once, none archived or deleted.
	seen := map[string]int{}
	path := "client.api/paged-list?pageSize=37"
	pages := 0
	for {
		var page xClients
		se.xmlOK("GET", path, "", &page)
		pages++
		for _, c := range page.Clients {
			seen[c.UUID]++
			if c.Contacts != nil || c.Notes != nil {
				t.Fatalf("paged-list client %s carries collections; want the base shape", c.UUID)
			}
		}
		if page.Next == nil {
			break
		}
		u, err := url.Parse(*page.Next)
		if err != nil || u.Query().Get("pageToken") == "" || u.Query().Get("pageSize") != "37" {
			t.Fatalf("Next link %q: want pageToken and pageSize", *page.Next)
		}
		path = "client.api/paged-list?" + u.RawQuery
		if pages > 100 {
			t.Fatal("paging does not end")
		}
	}
	if len(seen) != len(active) {
		t.Fatalf("paging returned %d distinct clients, want %d active", len(seen), len(active))
	}
	for id, n := range seen {
		if !active[id] || n != 1 {
			t.Fatalf("client %s returned %d times (active=%v)", id, n, active[id])
		}
	}
	if want := (len(active) + 36) / 37; pages != want {
		t.Errorf("%d pages, want %d", pages, want)
	}
}

func TestPagedListEscapesAmpersandAndRefusesBadInput(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 30, Seed: 2})
	_, body := se.do("GET", "client.api/paged-list?pageSize=5", "")
	if !strings.Contains(string(body), "&amp;pageSize=5</Next>") {
		t.Fatalf("Next link not escaped: %s", body[strings.Index(string(body), "<Pagination>"):])
	}
	for _, p := range []string{"pageSize=0", "pageSize=501", "pageSize=abc", "pageToken=bGlnaHQgd29y"} {
		se.xmlError("GET", "client.api/paged-list?"+p, "")
	}
}

func TestListModifiedSince(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 50, Seed: 4, Now: frozen})
	se.advance(time.Hour)
	cutoff := se.s.Clock().Now()
	all := se.s.Clients()
	edited, archived := all[3].UUID, all[10].UUID
	se.advance(time.Minute)
	if err := se.s.EditClient(edited, func(c *model.Client) { c.Phone = "09 555 0000" }); err != nil {
		t.Fatal(err)
	}
	if err := se.s.ArchiveClient(archived); err != nil {
		t.Fatal(err)
	}
	for _, param := range []string{"modifiedsince", "modifiedSince", "MODIFIEDSINCE"} {
		var got xClients
		se.xmlOK("GET", "client.api/list?"+param+"="+url.QueryEscape(cutoff.Format("2006-01-02T15:04:05")), "", &got)
		var ids []string
		for _, c := range got.Clients {
			ids = append(ids, c.UUID)
		}
		if len(ids) != 2 || !contains(ids, edited) || !contains(ids, archived) {
			t.Fatalf("%s: got %v, want the edited and the archived client", param, ids)
		}
	}
	// Only the documented format is accepted.
	for _, bad := range []string{"2026-03-10T10:00:00Z", "2026-03-10T10:00:00.123", "2026-03-10", "yesterday"} {
		se.xmlError("GET", "client.api/list?modifiedsince="+url.QueryEscape(bad), "")
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func TestContactEditDoesNotBumpClientByDefault(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 20, Seed: 4, Now: frozen})
	se.advance(time.Hour)
	cutoff := se.s.Clock().Now().Format("2006-01-02T15:04:05")
	c := se.s.Clients()[0]
	ct := c.Contacts[0]
	se.xmlOK("PUT", "client.api/contact/"+ct.UUID+"?clientUuid="+c.UUID, "<Contact><Name>Renamed Person</Name></Contact>", nil)
	var got xClients
	se.xmlOK("GET", "client.api/list?modifiedsince="+cutoff, "", &got)
	if len(got.Clients) != 0 {
		t.Fatalf("contact edit showed %d clients in the delta; the strict default is none", len(got.Clients))
	}
}

func addClient(se *session, body string) xClient {
	se.t.Helper()
	var one xOne
	se.xmlOK("POST", "client.api/add", body, &one)
	if one.Client.UUID == "" || one.WebURL == "" {
		se.t.Fatalf("add answer lacks UUID or WebUrl: %+v", one)
	}
	return one.Client
}

func TestUpdateSemantics(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 5, Seed: 9, PMModule: true})
	staff := se.s.Staff()[0]
	c := addClient(se, `<Client><Name>Bloggs &amp; Co Ltd</Name><Phone>09 111 2222</Phone><Fax>09 111 3333</Fax>
		<WebSite>https://bloggs.example</WebSite><AccountManagerUUID>`+staff.UUID+`</AccountManagerUUID>
		<TaxNumber>123456789</TaxNumber><GSTPeriod>2</GSTPeriod>
		<PostalAddress>PO Box 12
Shortland Street</PostalAddress>
		<Contacts><Contact><Name>Jo Bloggs</Name><IsPrimary>Yes</IsPrimary></Contact><Contact><Name>Sam</Name><IsPrimary>Yes</IsPrimary></Contact></Contacts></Client>`)
	if c.Name != "Bloggs & Co Ltd" || c.Website != "https://bloggs.example" || c.WebSite != nil {
		t.Fatalf("add: name %q website %q (WebSite element present=%v)", c.Name, c.Website, c.WebSite != nil)
	}
	if c.AccountManager == nil || c.AccountManager.Name != staff.Name {
		t.Fatalf("add: AccountManager %+v, want %s", c.AccountManager, staff.Name)
	}
	if c.TaxNumber == nil || *c.TaxNumber != "******789" || c.GSTPeriod != "2 Monthly" {
		t.Fatalf("add: TaxNumber %v GSTPeriod %q; want masked and the read name", c.TaxNumber, c.GSTPeriod)
	}
	if c.PostalAddress != "PO Box 12\nShortland Street" {
		t.Fatalf("multi-line postal address came back as %q", c.PostalAddress)
	}
	if cs := *c.Contacts; len(cs) != 2 || cs[0].IsPrimary != "No" || cs[1].IsPrimary != "Yes" {
		t.Fatalf("the last contact claiming IsPrimary should win: %+v", cs)
	}
	if real, _ := se.s.Client(c.UUID); real.Tax.TaxNumber != "123456789" {
		t.Fatalf("stored tax number %q", real.Tax.TaxNumber)
	}

	// Omitted = unchanged, empty = cleared.
	var one xOne
	se.xmlOK("PUT", "client.api/update", `<Client><UUID>`+c.UUID+`</UUID><Name>Bloggs &amp; Co Ltd</Name><Fax /></Client>`, &one)
	if one.Client.Phone != "09 111 2222" || one.Client.Fax != "" || one.Client.Website != "https://bloggs.example" {
		t.Fatalf("update: phone %q fax %q website %q", one.Client.Phone, one.Client.Fax, one.Client.Website)
	}
	// Writing a masked tax number back is refused; so are unknown staff and bad GST periods.
	for _, body := range []string{
		`<Client><UUID>` + c.UUID + `</UUID><Name>X</Name><TaxNumber>******789</TaxNumber></Client>`,
		`<Client><UUID>` + c.UUID + `</UUID><Name>X</Name><AccountManagerUUID>00000000-0000-4000-8000-000000000000</AccountManagerUUID></Client>`,
		`<Client><UUID>` + c.UUID + `</UUID><Name>X</Name><GSTPeriod>2 Monthly</GSTPeriod></Client>`,
		`<Client><UUID>` + c.UUID + `</UUID><Name>X</Name><PrepareGST>true</PrepareGST></Client>`,
		`<Client><Name>No UUID</Name></Client>`,
		`<Client><UUID>00000000-0000-4000-8000-000000000000</UUID><Name>X</Name></Client>`,
		`<Client><UUID>` + c.UUID + `</UUID></Client>`,
		`<Client><UUID>` + c.UUID + `</UUID><Name>X</Name>`,
		`<Staff><UUID>` + c.UUID + `</UUID><Name>X</Name></Staff>`,
	} {
		se.xmlError("PUT", "client.api/update", body)
	}
	if got, _ := se.s.Client(c.UUID); got.Name != "Bloggs & Co Ltd" {
		t.Fatalf("a refused update changed the client: %q", got.Name)
	}

	// The replace quirk clears what an update omits, so a client never relies on omission.
	q := xpmfake.Quirks{UpdateReplaces: true}
	se.s.SetQuirks(q)
	se.xmlOK("PUT", "client.api/update", `<Client><UUID>`+c.UUID+`</UUID><Name>Bloggs Ltd</Name></Client>`, &one)
	if one.Client.Phone != "" || one.Client.Website != "" {
		t.Fatalf("replace quirk kept phone %q website %q", one.Client.Phone, one.Client.Website)
	}
}

func TestGetShapesAndDates(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 60, Seed: 11, PMModule: true})
	var ind model.Client
	for _, c := range se.s.Clients() {
		if c.DateOfBirth != "" && !c.IsDeleted {
			ind = c
			break
		}
	}
	var one xOne
	se.xmlOK("GET", "client.api/get/"+ind.UUID, "", &one)
	if one.Client.DateOfBirth != ind.DateOfBirth || one.WebURL == "" {
		t.Fatalf("get DOB %q (want %q) WebUrl %q", one.Client.DateOfBirth, ind.DateOfBirth, one.WebURL)
	}
	var list xClients
	se.xmlOK("GET", "client.api/list", "", &list)
	for _, c := range list.Clients {
		if c.UUID == ind.UUID {
			if c.DateOfBirth != ind.DateOfBirth+"T00:00:00" {
				t.Fatalf("list DOB %q, want datetime form", c.DateOfBirth)
			}
			if c.Notes != nil {
				t.Fatal("list without detailed=true carries Notes")
			}
			if c.Contacts == nil {
				t.Fatal("list without detailed=true lacks Contacts")
			}
		}
	}
	if desc := se.xmlError("GET", "client.api/get/00000000-0000-4000-8000-000000000000", ""); desc == "" {
		t.Fatal("unknown client: no description")
	}
}

func TestPMModuleOffHidesTaxFieldsAndJobManager(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 40, Seed: 5, PMModule: false})
	var list xClients
	se.xmlOK("GET", "client.api/list?detailed=true", "", &list)
	for _, c := range list.Clients {
		if c.TaxNumber != nil || c.JobManager != nil || len(c.Relationships) != 0 {
			t.Fatalf("PM module off but client %s shows tax/JobManager/relationships", c.UUID)
		}
	}
	se.xmlError("POST", "client.api/addrelationship", "<Relationship><ClientUUID>x</ClientUUID></Relationship>")
}

func TestSeedingIsDeterministicAndRealistic(t *testing.T) {
	cfg := xpmfake.Config{Clients: 300, Seed: 42, PMModule: true, Now: frozen}
	a, b := xpmfake.New(cfg), xpmfake.New(cfg)
	if !reflect.DeepEqual(a.Clients(), b.Clients()) || !reflect.DeepEqual(a.Staff(), b.Staff()) ||
		!reflect.DeepEqual(a.Groups(), b.Groups()) || a.TenantID() != b.TenantID() {
		t.Fatal("same seed gave different data")
	}
	cfg.Seed = 43
	if reflect.DeepEqual(a.Clients(), xpmfake.New(cfg).Clients()) {
		t.Fatal("different seeds gave the same data")
	}
	clients := a.Clients()
	if len(clients) != 300 {
		t.Fatalf("%d clients, want 300", len(clients))
	}
	if n := len(a.Staff()); n < 5 || n > 15 {
		t.Fatalf("%d staff, want 5–15", n)
	}
	for _, st := range a.Staff() {
		if !strings.Contains(st.Email, "@") || strings.ContainsFunc(st.Email, func(r rune) bool { return r > 127 }) {
			t.Fatalf("staff %s has no usable email: %q", st.Name, st.Email)
		}
	}
	kinds := map[string]int{}
	owners := map[string]map[string]bool{}
	links, nonASCII, amp, multiline, badEmail, noName, rels, withShares, withPct := 0, 0, 0, 0, 0, 0, 0, 0, 0
	for _, c := range clients {
		kinds[c.Tax.BusinessStructure]++
		links += len(c.Contacts)
		if strings.ContainsFunc(c.Name, func(r rune) bool { return r > 127 }) {
			nonASCII++
		}
		if strings.Contains(c.Name, "&") {
			amp++
		}
		if strings.Contains(c.PostalAddress, "\n") {
			multiline++
		}
		for _, ct := range c.Contacts {
			if owners[ct.UUID] == nil {
				owners[ct.UUID] = map[string]bool{}
			}
			owners[ct.UUID][c.UUID] = true
			if strings.Contains(ct.Email, "@@") || (ct.Email != "" && !strings.Contains(ct.Email[strings.Index(ct.Email, "@")+1:], ".")) {
				badEmail++
			}
			if ct.Name == "" {
				noName++
			}
		}
		for _, r := range c.Relationships {
			rels++
			if r.Type == "Shareholder" && r.NumberOfShares != "" {
				withShares++
			}
			if r.Type == "Partner" && r.Percentage != "" {
				withPct++
			}
		}
	}
	shared := 0
	for _, o := range owners {
		if len(o) > 1 {
			shared++
		}
	}
	for _, k := range []string{"Individual", "Company", "Trust", "Partnership", "Sole Trader"} {
		if kinds[k] == 0 {
			t.Errorf("no %s clients: %v", k, kinds)
		}
	}
	avg := float64(links) / float64(len(clients))
	if avg < 2.0 || avg > 3.4 {
		t.Errorf("average %.2f contacts per client, want about 2.7", avg)
	}
	if shared == 0 || nonASCII == 0 || amp == 0 || multiline == 0 || badEmail == 0 || rels == 0 || withShares == 0 || withPct == 0 {
		t.Errorf("missing realism: shared %d nonASCII %d amp %d multiline %d badEmail %d rels %d shares %d pct %d",
			shared, nonASCII, amp, multiline, badEmail, rels, withShares, withPct)
	}
	if len(a.Groups()) == 0 {
		t.Error("no groups")
	}
	t.Logf("kinds %v, %.2f contacts/client, %d shared contacts, %d no-name contacts", kinds, avg, shared, noName)
}

func TestErrorEnvelopes(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 5, Seed: 1, PMModule: true})
	cases := []struct{ method, path, body string }{
		{"GET", "client.api/get/nope", ""},
		{"POST", "client.api/add", "<Client><Email>a@b.c</Email></Client>"},
		{"POST", "client.api/add", "not xml"},
		{"POST", "client.api/add", `<!DOCTYPE x [<!ENTITY a "b">]><Client><Name>&a;</Name></Client>`},
		{"POST", "client.api/delete", "<Client><UUID>nope</UUID></Client>"},
		{"PUT", "client.api/archive", "<Client><UUID>nope</UUID></Client>"},
		{"GET", "client.api/search", ""},
		{"GET", "staff.api/get/nope", ""},
		{"GET", "clientgroup.api/get/nope", ""},
		{"GET", "client.api/contact/nope", ""},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s %s", c.method, c.path), func(t *testing.T) {
			se.t = t
			se.xmlError(c.method, c.path, c.body)
		})
	}
}

func TestStaffEmailsAreASCIIForEverySeed(t *testing.T) {
	for seed := int64(0); seed < 40; seed++ {
		for _, st := range xpmfake.New(xpmfake.Config{Seed: seed}).Staff() {
			at := strings.Index(st.Email, "@")
			if at < 1 || strings.ContainsFunc(st.Email, func(r rune) bool { return r > 127 || r == ' ' || r == '\'' }) {
				t.Fatalf("seed %d: staff %s has email %q", seed, st.Name, st.Email)
			}
		}
	}
}
