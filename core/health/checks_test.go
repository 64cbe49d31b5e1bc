package health

import (
	"strings"
	"testing"

	"xpmsync/core/store"
)

func one(r Record) *Data {
	r.Row = store.RowKey{Kind: store.KindLocal, ID: 1}
	return &Data{CountryCode: "61", Records: []Record{r}}
}

func checksOf(fs []Finding) map[string]Finding {
	out := map[string]Finding{}
	for _, f := range fs {
		out[f.Check+"/"+f.Field] = f
	}
	return out
}

func complete() Record {
	return Record{Name: "Ava Jones", Email: "ava@jones.com.au", Phone: "(02) 9999 1234 ext 12", Postal: "PO Box 1",
		PostCode: "2000", Country: "Australia", Partner: Staff{Name: "P", Set: true, Linked: true},
		Manager:  Staff{Name: "M", Set: true, Linked: true},
		Contacts: []Contact{{Name: "Ava Jones", Email: "ava@jones.com.au", Mobile: "0412 345 678", Primary: true}}}
}

func TestCompleteClientHasNoFindings(t *testing.T) {
	if fs := Run(one(complete())).Findings; len(fs) != 0 {
		t.Fatalf("a complete client got findings: %+v", fs)
	}
}

func TestMissingAndMalformed(t *testing.T) {
	r := complete()
	r.Email, r.Phone, r.Postal, r.Partner, r.Manager = "", "", " ", Staff{}, Staff{}
	r.Contacts = nil
	got := checksOf(Run(one(r)).Findings)
	for _, want := range []string{"missing_email/Email", "missing_phone/Phone", "missing_postal/Postal address",
		"missing_partner/Partner", "missing_manager/Manager"} {
		if _, ok := got[want]; !ok {
			t.Errorf("missing %s; got %v", want, keys(got))
		}
	}

	r = complete()
	r.Email, r.Phone, r.PostCode = "jo@example.com (home)", "call Leanne", "20000"
	r.Contacts = []Contact{{Name: "Jo", Email: "jo@@example", Mobile: "0412 345 678 x12", Primary: true},
		{Name: "", Mobile: "after 5pm only", Phone: "02 9999 1234 / 02 9999 4321"}}
	got = checksOf(Run(one(r)).Findings)
	cases := map[string]string{
		"bad_email/Email":                      "notes",
		"bad_phone/Phone":                      "words",
		"bad_postcode/Post code":               "four digits",
		"bad_email/Email of Jo":                "more than one @",
		"bad_mobile/Mobile of Jo":              "extension",
		"bad_mobile/Mobile of unnamed contact": "words",
		"bad_phone/Phone of unnamed contact":   "more than one number",
	}
	for k, why := range cases {
		f, ok := got[k]
		if !ok {
			t.Errorf("no %s; got %v", k, keys(got))
			continue
		}
		if !strings.Contains(f.Reason, why) {
			t.Errorf("%s reason %q, want it to mention %q", k, f.Reason, why)
		}
	}
}

func TestProspectsAndArchivedAreNotNagged(t *testing.T) {
	r := Record{Name: "New Lead", Prospect: true}
	if fs := Run(one(r)).Findings; len(fs) != 0 {
		t.Errorf("a prospect got %d findings", len(fs))
	}
	r = Record{Name: "Old Client", Archived: true, Email: "bad"}
	if fs := Run(one(r)).Findings; len(fs) != 0 {
		t.Errorf("an archived client got %d findings", len(fs))
	}
}

func TestInconsistent(t *testing.T) {
	r := complete()
	r.Partner = Staff{Name: "Pat Lee", Set: true}
	r.XPMArchive = true
	got := checksOf(Run(one(r)).Findings)
	if f, ok := got["partner_unlinked/Partner"]; !ok || !strings.Contains(f.Reason, "Pat Lee") {
		t.Errorf("unlinked partner not reported: %v", keys(got))
	}
	if _, ok := got["archived_linked/Archived"]; !ok {
		t.Errorf("archived in XPM but active here not reported: %v", keys(got))
	}
}

func TestContactPrimaryOnSeveralClientsWithDifferentDetails(t *testing.T) {
	a, b, c := complete(), complete(), complete()
	a.Name, b.Name, c.Name = "Jones Holdings Pty Ltd", "Jones Family Trust", "Jones Cafe Ltd"
	a.Contacts = []Contact{{UUID: "k1", Name: "Ava Jones", Email: "ava@jones.com.au", Mobile: "0412 345 678", Primary: true}}
	b.Contacts = []Contact{{UUID: "k2", Name: "Ava Jones", Email: "ava@jones.com.au", Mobile: "0499 000 111", Primary: true}}
	// A different Ava Jones: nothing shared, so not the same person.
	c.Contacts = []Contact{{UUID: "k3", Name: "Ava Jones", Email: "ava@cafe.com.au", Mobile: "0400 222 333", Primary: true}}
	d := &Data{CountryCode: "61", Records: []Record{a, b, c}}
	for i := range d.Records {
		d.Records[i].Row = store.RowKey{Kind: store.KindLocal, ID: int64(i + 1)}
	}
	var hits []Finding
	for _, f := range Run(d).Findings {
		if f.Check == CheckContactDiffers {
			hits = append(hits, f)
		}
	}
	if len(hits) != 1 || len(hits[0].Clients) != 2 || hits[0].Field != "Contact Mobile" {
		t.Fatalf("want one finding on the two clients sharing Ava's email; got %+v", hits)
	}
	if !strings.Contains(hits[0].Value, "0412 345 678") || !strings.Contains(hits[0].Value, "0499 000 111") {
		t.Errorf("value %q should show both mobiles", hits[0].Value)
	}
}

func TestFingerprintChangesWithTheData(t *testing.T) {
	r := complete()
	r.Email = "bad@"
	f1 := Run(one(r)).Findings[0]
	r.Phone = "02 9999 0000"
	f2 := Run(one(r)).Findings[0]
	r.Email = "worse@"
	f3 := Run(one(r)).Findings[0]
	if f1.Key() != f2.Key() || f1.Fingerprint != f2.Fingerprint {
		t.Error("an unrelated change made a dismissed finding show again")
	}
	if f1.Key() != f3.Key() || f1.Fingerprint == f3.Fingerprint {
		t.Error("a change of the value at fault kept the finding dismissed")
	}
}

func keys(m map[string]Finding) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
