package xpm

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"xpmsync/core/model"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decodeAllClients(t *testing.T, b []byte) []model.Client {
	t.Helper()
	var out []model.Client
	if _, err := decodeClientList(bytes.NewReader(b), Limits{}, func(c model.Client) error { out = append(out, c); return nil }); err != nil {
		t.Fatalf("decodeClientList: %v", err)
	}
	return out
}

func TestDecodeDetailedListMapsEveryField(t *testing.T) {
	got := decodeAllClients(t, fixture(t, "client_list_detailed.xml"))
	if len(got) != 3 {
		t.Fatalf("got %d clients, want 3", len(got))
	}
	want := model.Client{
		UUID: "6a0b1a2e-1111-4c1e-9c55-000000000001", Name: "Smith & Sons Plumbing Ltd",
		Title: "Mr", Gender: "Male", FirstName: "John", MiddleName: "Paul", LastName: "Smith", OtherName: "Jack",
		Email: "john@smithandsons.co.nz", DateOfBirth: "1970-11-26",
		Address: "Level 2\n  18 Queen Street", City: "Auckland", Region: "Auckland", PostCode: "1010", Country: "New Zealand",
		PostalAddress: "PO Box 123\nShortland Street", PostalCity: "Auckland", PostalRegion: "Auckland",
		PostalPostCode: "1140", PostalCountry: "New Zealand", Phone: "09 555 0101", Fax: "09 555 0102",
		Website: "https://smithandsons.co.nz", ReferralSource: "Bank manager", ExportCode: "SMI001", ClientCode: "SMITH01",
		AccountManager: model.Ref{UUID: "5c1f0000-aaaa-4bbb-8ccc-000000000001", Name: "Anna Partner"},
		JobManager:     model.Ref{UUID: "5c1f0000-aaaa-4bbb-8ccc-000000000002", Name: "Mike Manager"},
		BillingClient:  model.Ref{UUID: "6a0b1a2e-1111-4c1e-9c55-000000000002", Name: "Smith Family Trust"},
		Type:           model.BillingType{Name: "Standard", CostMarkup: "30.00", PaymentTerm: "DayOfMonth", PaymentDay: "20"},
		Tax: model.TaxDetails{
			TaxNumber: "******123", CompanyNumber: "1234567", BusinessNumber: "9429041234567", BranchNumber: "1",
			BusinessStructure: "Company", BalanceMonth: "3", PrepareGST: "Yes", GSTRegistered: "Yes", GSTPeriod: "2 Monthly",
			GSTBasis: "Invoice", ProvisionalTaxBasis: "Standard Option", ProvisionalTaxRatio: "1.05", SignedTaxAuthority: "Yes",
			TaxAgent: "Agent A", AgencyStatus: "With EOT", ReturnType: "IR4", PrepareActivityStatement: "No",
			PrepareTaxReturn: "No", ActiveAtoClient: "No",
		},
		Contacts: []model.Contact{
			{UUID: "c0a1c0a1-0000-4000-8000-000000000001", Name: "Jane Smith", Salutation: "Jane", Addressee: "Mrs J Smith",
				Mobile: "021 555 0199", Email: "jane@smithandsons.co.nz", Phone: "09 555 0103", Position: "Director", IsPrimary: true},
			{UUID: "c0a1c0a1-0000-4000-8000-000000000002", Name: "Bob Accounts", Email: "accounts@smithandsons.co.nz", Position: "0"},
		},
		Notes: []model.Note{
			{Title: "Year end", Text: "Bring forward the March year end.\nSecond line <important>.", Folder: "General",
				Date: "2008-09-12T13:00:00", CreatedBy: "Anna Partner"},
			{Title: "Tagged", Text: "New-style note", Tag: "Compliance", Date: "2025-10-01T09:30:00", CreatedBy: "Mike Manager"},
		},
		Groups: []model.Ref{{UUID: "9e000000-0000-4000-8000-000000000001", Name: "Monthly GST"}},
		Relationships: []model.Relationship{{UUID: "7e000000-0000-4000-8000-000000000001", Type: "Shareholder",
			RelatedClient:  model.Ref{UUID: "6a0b1a2e-1111-4c1e-9c55-000000000002", Name: "Smith Family Trust"},
			NumberOfShares: "1000", StartDate: "2011-01-01"}},
		WebURL: "https://practicemanager.xero.com/Client/6a0b1a2e/Detail",
	}
	if !reflect.DeepEqual(got[0], want) {
		t.Errorf("first client mismatch\n got: %+v\nwant: %+v", got[0], want)
	}

	trust := got[1]
	if !trust.IsArchived || trust.IsDeleted || trust.DateOfBirth != "1980-02-29" || trust.Tax.GSTPeriod != "Monthly" {
		t.Errorf("archived trust decoded wrong: %+v", trust)
	}
	if trust.Contacts != nil || trust.Notes != nil || trust.Groups != nil || trust.Relationships != nil {
		t.Errorf("empty containers should give nil slices, got %+v", trust)
	}

	old := got[2]
	if old.UUID != "6a0b1a2e-1111-4c1e-9c55-000000000003" || !old.IsDeleted || !old.IsProspect {
		t.Errorf("UUID placed last / flags decoded wrong: %+v", old)
	}
	if len(old.Contacts) != 1 || old.Contacts[0].UUID != got[0].Contacts[0].UUID || old.Contacts[0].IsPrimary {
		t.Errorf("a contact shared by two clients must keep its own per-client link: %+v", old.Contacts)
	}
	if old.Notes != nil || old.Groups != nil {
		t.Errorf("missing containers should behave like empty ones: %+v", old)
	}
}

func TestDecodeSingleItemListAndEmptyList(t *testing.T) {
	one := decodeAllClients(t, fixture(t, "client_list_single.xml"))
	if len(one) != 1 || one[0].Name != "Only One Ltd" || len(one[0].Contacts) != 1 || one[0].Contacts[0].Name != "Solo" {
		t.Errorf("single-item containers: %+v", one)
	}
	if none := decodeAllClients(t, fixture(t, "client_list_empty.xml")); len(none) != 0 {
		t.Errorf("<Clients /> gave %d clients", len(none))
	}
}

func TestDecodeClientWebURLSiblingAndDOBWithZone(t *testing.T) {
	c, err := decodeClient(bytes.NewReader(fixture(t, "client_get_weburl_sibling.xml")), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if c.WebURL != "https://practicemanager.xero.com/Client/abc/Detail" {
		t.Errorf("WebUrl as a sibling of <Client> not picked up: %q", c.WebURL)
	}
	if c.DateOfBirth != "1975-06-01" || c.Website != "https://chen.example" || c.Tax.GSTPeriod != "6 Monthly" {
		t.Errorf("decoded %+v", c)
	}
	if len(c.Contacts) != 1 || !c.Contacts[0].IsPrimary {
		t.Errorf("contacts %+v", c.Contacts)
	}
}

func TestDecodeStaff(t *testing.T) {
	var got []model.Staff
	if err := decodeStaffList(bytes.NewReader(fixture(t, "staff_list.xml")), Limits{}, func(s model.Staff) error { got = append(got, s); return nil }); err != nil {
		t.Fatal(err)
	}
	want := []model.Staff{
		{UUID: "5c1f0000-aaaa-4bbb-8ccc-000000000001", Name: "Anna Partner", Email: "anna@practice.example", Phone: "09 555 0001",
			Mobile: "021 000 0001", Address: "1 Practice Lane\nAuckland", PayrollCode: "AP01", WebURL: "https://practicemanager.xero.com/Staff/1"},
		{UUID: "5c1f0000-aaaa-4bbb-8ccc-000000000002", Name: "Mike Manager", Email: "mike@practice.example"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("staff\n got %+v\nwant %+v", got, want)
	}
	s, err := decodeStaff(bytes.NewReader(fixture(t, "staff_get.xml")), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if s.UUID != "5c1f0000-aaaa-4bbb-8ccc-000000000003" || s.WebURL != "https://practicemanager.xero.com/Staff/3" || s.PayrollCode != "TJ" {
		t.Errorf("staff get: %+v", s)
	}
}

func TestDecodePagination(t *testing.T) {
	next, err := decodeClientList(bytes.NewReader(fixture(t, "paged_1.xml")), Limits{}, func(model.Client) error { return nil })
	if err != nil || next != "bGlnaHQgd29y" {
		t.Errorf("page 1 next=%q err=%v", next, err)
	}
	next, err = decodeClientList(bytes.NewReader(fixture(t, "paged_2.xml")), Limits{}, func(model.Client) error { return nil })
	if err != nil || next != "" {
		t.Errorf("last page (no <Next>) next=%q err=%v", next, err)
	}
	next, err = decodeContactList(bytes.NewReader(fixture(t, "contacts_1.xml")), Limits{}, func(model.Contact) error { return nil })
	if err != nil || next != "dG9rMg==" {
		t.Errorf("contacts page 1 next=%q err=%v", next, err)
	}
	next, err = decodeContactList(bytes.NewReader(fixture(t, "contacts_2.xml")), Limits{}, func(model.Contact) error { return nil })
	if err != nil || next != "" {
		t.Errorf("contacts last page (<Next />) next=%q err=%v", next, err)
	}
	draft := `<Response><Status>OK</Status><Clients/><Pagination><Tokens><NextToken>abc</NextToken></Tokens></Pagination></Response>`
	if next, _ := decodeClientList(strings.NewReader(draft), Limits{}, func(model.Client) error { return nil }); next != "abc" {
		t.Errorf("Tokens/NextToken form: next=%q", next)
	}
}

func TestDecodeContactGroupRelationship(t *testing.T) {
	ct, ok, err := decodeContact(bytes.NewReader(fixture(t, "contact_v30.xml")), Limits{})
	if err != nil || !ok || ct.UUID != "15412877" || ct.Position != "Secretary" || !ct.IsPrimary {
		t.Errorf("v3.0 contact with <ID>: %+v ok=%v err=%v", ct, ok, err)
	}
	var groups []model.Group
	if err := decodeGroupList(bytes.NewReader(fixture(t, "groups_list.xml")), Limits{}, func(g model.Group) error { groups = append(groups, g); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(groups) != 2 || groups[0].Taxable != "No" || groups[1].Taxable != "" || groups[1].Name != "Farmers" {
		t.Errorf("groups %+v", groups)
	}
	g, err := decodeGroup(bytes.NewReader(fixture(t, "group_get.xml")), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := model.Group{UUID: "g1", Name: "Monthly GST", Taxable: "Yes", WebURL: "https://practicemanager.xero.com/Group/g1",
		Clients: []model.Ref{{UUID: "c1", Name: "Client One"}, {UUID: "c2", Name: "Client Two"}}}
	if !reflect.DeepEqual(g, want) {
		t.Errorf("group get %+v", g)
	}
	r, ok, err := decodeRelationship(bytes.NewReader(fixture(t, "relationship_add.xml")), Limits{})
	wantR := model.Relationship{UUID: "r1", Type: "Director", RelatedClient: model.Ref{UUID: "c2", Name: "Client Two"}, StartDate: "2020-01-01"}
	if err != nil || !ok || !reflect.DeepEqual(r, wantR) {
		t.Errorf("relationship %+v ok=%v err=%v", r, ok, err)
	}
}

func TestDecodeErrorsAndHostileInput(t *testing.T) {
	_, err := decodeClient(bytes.NewReader(fixture(t, "error_invalid_identifier.xml")), Limits{})
	var api *APIError
	if !errors.As(err, &api) || api.Description != "Invalid client identifier" || !errors.Is(err, ErrNotFound) {
		t.Errorf("ERROR envelope: %v", err)
	}
	cases := map[string]struct {
		body string
		want error
	}{
		"truncated":        {`<Response><Status>OK</Status><Clients><Client><Name>Half`, ErrTruncated},
		"not xml":          {`{"status":"OK"}`, ErrMalformed},
		"wrong root":       {`<Clients><Client/></Clients>`, ErrMalformed},
		"no status":        {`<Response><Clients/></Response>`, ErrMalformed},
		"doctype entities": {`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><Response><Status>OK</Status></Response>`, ErrMalformed},
		"external entity":  {`<Response><Status>OK</Status><Clients><Client><Name>&xxe;</Name></Client></Clients></Response>`, ErrMalformed},
		"trailing garbage": {`<Response><Status>OK</Status></Response><Response/>`, ErrMalformed},
		"huge element":     {`<Response><Status>OK</Status><Clients><Client><Notes><Note><Text>` + strings.Repeat("x", 70_000) + `</Text></Note></Notes></Client></Clients></Response>`, ErrTooLarge},
		"deep nesting":     {`<Response><Status>OK</Status><Clients><Client>` + strings.Repeat("<a>", 100) + strings.Repeat("</a>", 100) + `</Client></Clients></Response>`, ErrTooLarge},
	}
	small := Limits{MaxEntityBytes: 32 << 10}
	for name, tc := range cases {
		_, err := decodeClientList(strings.NewReader(tc.body), small, func(model.Client) error { return nil })
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", name, err, tc.want)
		}
	}
	// The whole-body cap holds even when every element is small.
	many := `<Response><Status>OK</Status><Clients>` + strings.Repeat(`<Client><Name>n</Name></Client>`, 5000) + `</Clients></Response>`
	if _, err := decodeClientList(strings.NewReader(many), Limits{MaxResponseBytes: 64 << 10}, func(model.Client) error { return nil }); !errors.Is(err, ErrTooLarge) {
		t.Errorf("body cap: %v", err)
	}
}

func TestDecodeLatin1Prolog(t *testing.T) {
	body := append([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><Response><Status>OK</Status><Clients><Client><Name>Caf`), 0xe9)
	body = append(body, []byte(`</Name></Client></Clients></Response>`)...)
	got := decodeAllClients(t, body)
	if len(got) != 1 || got[0].Name != "Café" {
		t.Errorf("latin-1: %+v", got)
	}
}

func TestValues(t *testing.T) {
	for in, want := range map[string]string{
		"1970-11-26": "1970-11-26", "1970-11-26T00:00:00": "1970-11-26", "1970-11-26T00:00:00.1234567": "1970-11-26",
		"1970-11-26T00:00:00Z": "1970-11-26", "1970-11-26T23:00:00.5+13:00": "1970-11-26", "": "", "26/11/1970": "26/11/1970",
	} {
		if got := dateOnly(in); got != want {
			t.Errorf("dateOnly(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"Monthly": "1", "2 Monthly": "2", "6 Monthly": "6", "6": "6", "": ""} {
		if got := gstPeriodWrite(in); got != want {
			t.Errorf("gstPeriodWrite(%q) = %q, want %q", in, got, want)
		}
	}
	if !yes("Yes") || !yes("yes") || yes("No") || yes("") {
		t.Error("Yes/No parsing")
	}
}

func TestNotFoundWording(t *testing.T) {
	for desc, want := range map[string]bool{
		"Invalid client identifier": true, "Invalid contact identifier": true, "Client not found": true,
		"Invalid staff identifier for AccountManagerUUID": false, "Invalid page token": false, "Client name is required": false,
	} {
		if got := errors.Is(&APIError{Description: desc, HTTPStatus: 200}, ErrNotFound); got != want {
			t.Errorf("%q: not found = %v, want %v", desc, got, want)
		}
	}
}
