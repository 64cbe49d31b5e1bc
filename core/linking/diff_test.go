package linking

import (
	"strings"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

func TestDifferencesFieldByField(t *testing.T) {
	staff := Staff{
		Links: store.StaffLinks{ToXPM: map[int64]string{1: "s-jane", 2: "s-bob"}, ToLocal: map[string]int64{"s-jane": 1, "s-bob": 2}},
		Names: map[string]string{"s-jane": "Jane Partner", "s-bob": "Bob Manager"},
	}
	lc := store.LocalClient{PartnerStaffID: 1, Client: model.Client{Name: "Kereama & Co", Email: "a@kereama.nz", Phone: "09 1",
		Tax: model.TaxDetails{BusinessStructure: "Company"}}}
	x := model.Client{Name: "Kereama & Co", Email: "b@kereama.nz", Phone: "09 1",
		AccountManager: model.Ref{UUID: "s-bob", Name: "Bob"},
		JobManager:     model.Ref{UUID: "s-unlinked", Name: "Someone Not Linked"},
		Tax:            model.TaxDetails{BusinessStructure: "Trust"}}
	var got []string
	for _, d := range Differences(lc, x, staff) {
		got = append(got, d.Field.Key+"="+d.LocalShown+"|"+d.XPMShown)
	}
	want := "Email=a@kereama.nz|b@kereama.nz,BusinessStructure=Company|Trust,AccountManager=Jane Partner|Bob Manager"
	if strings.Join(got, ",") != want {
		t.Fatalf("differences\n got %s\nwant %s", strings.Join(got, ","), want)
	}
	// An XPM manager who is not linked to a team member is the Staff Linking tab's business, not
	// a difference; equal records have none.
	lc.Client.Email, lc.Client.Tax.BusinessStructure, lc.PartnerStaffID = x.Email, x.Tax.BusinessStructure, 2
	if d := Differences(lc, x, staff); len(d) != 0 {
		t.Fatalf("equal records differ: %+v", d)
	}
}
