package xpm_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/xpmfake"
)

// TestRoundTripAddGet: a client built in the model, added through the client and read back,
// equals what was sent except for the fields XPM controls.
func TestRoundTripAddGet(t *testing.T) {
	s, c, _ := startFake(t, xpmfake.Config{Seed: 7, Clients: 5, Staff: 4, PMModule: true, DisableRateLimits: true})
	ctx := context.Background()
	staff := s.Staff()
	billing := s.Clients()[0]
	in := model.Client{
		Name: "Round Trip Holdings & Sons", Title: "Ms", Gender: "Female", FirstName: "Mere", MiddleName: "Ana",
		LastName: "Walker", OtherName: "Mereana", Email: "mere@roundtrip.example", DateOfBirth: "1981-04-30",
		Address: "Level 3\n12 Victoria Street", City: "Wellington", Region: "Wellington", PostCode: "6011", Country: "New Zealand",
		PostalAddress: "PO Box 77\nThorndon", PostalCity: "Wellington", PostalRegion: "Wellington", PostalPostCode: "6144",
		PostalCountry: "New Zealand", Phone: "04 555 0100", Fax: "04 555 0101", Website: "https://roundtrip.example",
		ReferralSource: "Website <form>", ExportCode: "RT001", ClientCode: "ROUND1",
		DateOfDeath: "2060-01-02", PlaceOfBirthCity: "Rotorua", PlaceOfBirthCountryCode: "NZ", Industry: "Construction",
		AccountManager: model.Ref{UUID: staff[0].UUID}, JobManager: model.Ref{UUID: staff[1].UUID},
		BillingClient: model.Ref{UUID: billing.UUID},
		Tax: model.TaxDetails{
			TaxNumber: "123-456-789", CompanyNumber: "7654321", BusinessNumber: "9429000000001", BranchNumber: "2",
			BusinessStructure: "Company", BalanceMonth: "3", PrepareGST: "Yes", GSTRegistered: "Yes", GSTPeriod: "2 Monthly",
			GSTBasis: "Payment", ProvisionalTaxBasis: "Ratio Option", ProvisionalTaxRatio: "1.05", SignedTaxAuthority: "Yes",
			TaxAgent: "Agent Orange", AgencyStatus: "Unlinked", ReturnType: "IR4", PrepareActivityStatement: "No",
			PrepareTaxReturn: "No", ActiveAtoClient: "No",
			BankBSB: "062-000", BankAccountName: "Round Trip Holdings", BankAccountNumber: "12345678", BankName: "CBA",
		},
		Contacts: []model.Contact{
			{Name: "Mere Walker", Salutation: "Mere", Addressee: "Ms M Walker", Mobile: "021 555 111", Email: "mere@roundtrip.example",
				Phone: "04 555 0102", Position: "Director", IsPrimary: true},
			{Name: "Tom Ōtaki", Email: "tom@roundtrip.example", Position: "Accountant"},
		},
	}
	added, err := c.AddClient(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetClient(ctx, added.UUID)
	if err != nil {
		t.Fatal(err)
	}
	if got.UUID == "" || got.WebURL == "" || got.IsArchived || got.IsDeleted {
		t.Errorf("server-controlled fields: UUID %q WebURL %q archived %v deleted %v", got.UUID, got.WebURL, got.IsArchived, got.IsDeleted)
	}
	if !strings.HasPrefix(got.Tax.TaxNumber, "*") || !strings.HasSuffix(got.Tax.TaxNumber, "789") {
		t.Errorf("tax number read back as %q, want masked ending 789", got.Tax.TaxNumber)
	}
	if got.AccountManager.Name != staff[0].Name || got.BillingClient.Name != billing.Name {
		t.Errorf("reference names not filled in: %+v %+v", got.AccountManager, got.BillingClient)
	}
	if stored, _ := s.Client(got.UUID); stored.Tax.TaxNumber != "123-456-789" {
		t.Errorf("practice stored tax number %q", stored.Tax.TaxNumber)
	}

	// Everything else must come back exactly as sent.
	want := in
	want.UUID, want.WebURL, want.Type = got.UUID, got.WebURL, got.Type
	want.Notes, want.Groups, want.Relationships = got.Notes, got.Groups, got.Relationships
	want.AccountManager.Name, want.JobManager.Name, want.BillingClient.Name = got.AccountManager.Name, got.JobManager.Name, got.BillingClient.Name
	want.Tax.TaxNumber = got.Tax.TaxNumber
	want.Contacts = append([]model.Contact(nil), in.Contacts...)
	if len(got.Contacts) == len(want.Contacts) {
		for i := range want.Contacts {
			want.Contacts[i].UUID = got.Contacts[i].UUID
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the client\n got %+v\nwant %+v", got, want)
	}
}
