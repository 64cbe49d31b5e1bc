package health

import (
	"strings"
	"testing"

	"xpmsync/core/store"
)

// Odd data is reported in plain words or ignored, never a crash.
func TestBadInputNeverBreaksTheChecks(t *testing.T) {
	long := strings.Repeat("note ", 2000)
	odd := []Record{
		{Name: ""},
		{Name: "   \t\n"},
		{Name: long, Email: long, Phone: long, Postal: long, PostCode: long},
		{Name: "Иван Петров 山田太郎", Email: "иван@пример.рф"},
		{Name: "🙂 Sunshine 🌞 Ltd", Email: "🙂@🌞.com", Phone: "☎ 09 300 1000"},
		{Name: "Zoë Ngata", DOB: "1980-01-01"},
		{Name: "Zoe Ngata", DOB: "1980-01-01"},
		{Name: "Renée Dupré", Phone: "09 300 1000 ext 12"},
		{Name: "Renee Dupre", Phone: "09 300 1000 x12"},
		{Name: "&&&", Business: "********", TaxNumber: "0000000"},
		{Name: ",", Contacts: []Contact{{Name: ",", Primary: true, Mobile: "x12"}, {Primary: true}}},
		{Name: "Ltd", Email: "@", Phone: "+", PostCode: "\x00", Country: "\u200b"},
		{Name: "A", Email: "a@b.c", Contacts: []Contact{{Name: strings.Repeat("é", 10000), Email: long, Primary: true}}},
	}
	d := &Data{CountryCode: "64"}
	for i, r := range odd {
		r.Row = store.RowKey{Kind: store.KindLocal, ID: int64(i + 1)}
		d.Records = append(d.Records, r)
	}
	rep := Run(d)
	for _, f := range rep.Findings {
		if strings.TrimSpace(f.Reason) == "" || CheckByID(f.Check).Name == f.Check {
			t.Errorf("finding without plain words: %+v", f)
		}
	}
	dup := map[string]bool{}
	for _, f := range rep.Findings {
		if f.Check == CheckDuplicate {
			dup[f.Clients[0].Name+"~"+f.Clients[1].Name] = true
		}
	}
	if !dup["Zoë Ngata~Zoe Ngata"] {
		t.Error("names differing only by accents with the same date of birth are not one client")
	}
	if !dup["Renée Dupré~Renee Dupre"] {
		t.Error("the same phone with the extension written two ways did not match")
	}
}

func TestPhoneExtensions(t *testing.T) {
	for _, s := range []string{"09 300 1000 ext 12", "09 300 1000 x12", "09 300 1000 ext. 12", "(09) 300 1000 extn 12", "+64 (0)9 300 1000 #12"} {
		key, why := phoneProblem(s, "64")
		if why != "" || key != "+6493001000x12" {
			t.Errorf("phone %q: key %q, problem %q", s, key, why)
		}
	}
	if _, why := mobileProblem("021 555 0101 ext 12", "64"); !strings.Contains(why, "extension") {
		t.Errorf("mobile with an extension: %q", why)
	}
}
