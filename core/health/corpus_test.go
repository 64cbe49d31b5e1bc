package health

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"xpmsync/core/store"
)

// corpusClient is one client of the hand-made corpus; label names the real-world client it is,
// so two entries with one label are true duplicates and any other match is a false alarm.
type corpusClient struct {
	label string
	rec   Record
}

func person(name, dob, email, phone string) Record {
	return Record{Name: name, DOB: dob, Email: email, Phone: phone}
}

func org(name, abn, email string) Record { return Record{Name: name, Business: abn, Email: email} }

// corpus is a practice's list as a careful person would judge it.
var corpus = []corpusClient{
	// True duplicates.
	{"smithco", org("Smith & Co", "", "office@smithco.com.au")},
	{"smithco", org("Smith and Co Pty Ltd", "", "")},
	{"jsmith", person("John Smith", "1970-03-04", "john@smith.id.au", "")},
	{"jsmith", person("Smith, John", "1970-03-04", "", "")},
	{"zoe", person("Zoë Ngata", "", "zoe@ngata.nz", "")},
	{"zoe", person("Zoe Ngata", "", "", "")},
	{"bayview", org("Bayview Cafe Limited", "51824753556", "")},
	{"bayview", org("Bay View Café", "51 824 753 556", "hello@bayview.cafe")},
	{"obrien", person("Sean O'Brien", "", "sean.obrien@gmail.com", "")},
	{"obrien", person("S OBrien", "", "Sean.OBrien@gmail.com ", "")},
	{"kereama", person("Hemi Kereama", "", "", "021 555 0101")},
	{"kereama", person("Hemi Kerema", "", "", "+64 21 555 0101")},
	{"trust", org("The Trustee for the Walker Family Trust", "", "")},
	{"trust", org("Walker Family Trust", "", "walker@family.nz")},
	{"plumb", org("Harbour Plumbing Ltd", "", "info@harbourplumbing.co.nz")},
	{"plumb", org("HARBOUR PLUMBING LIMITED", "", "")},

	// Near misses: none of these is a duplicate of anything.
	{"smithtrust", org("Smith Family Trust", "", "admin@smithfamily.com.au")},
	{"smithholdings", org("Smith Holdings Pty Ltd", "", "admin@smithfamily.com.au")},
	{"smithfamco", org("Smith Family Pty Ltd", "", "")},
	{"jsmith2", person("John Smith", "1985-11-20", "jsmith85@outlook.com", "")},
	{"msmith", person("Mary Smith", "1972-06-01", "john@smith.id.au", "")},
	{"walkerind", person("Aroha Walker", "", "walker@family.nz", "")},
	{"chen1", org("Chen Holdings Ltd", "11111111111", "")},
	{"chen2", org("Chen Holdings Ltd", "22222222222", "")},
	{"taxmask1", Record{Name: "Priya Patel", DOB: "1990-01-01", TaxNumber: "******123"}},
	{"taxmask2", Record{Name: "Vikram Patel", DOB: "1960-01-01", TaxNumber: "******123"}},
	{"plumbing2", org("Harbour Plumbing Supplies Ltd", "", "")},
	{"kiri1", person("Kiri Parata", "", "", "09 300 1000")},
	{"kiri2", person("Tama Parata", "", "", "09 300 1000")},
	{"empty1", Record{Name: "   "}},
	{"empty2", Record{Name: ""}},
	{"ptyonly1", Record{Name: "Pty Ltd"}},
	{"emoji", Record{Name: "🙂🙂"}},
}

func corpusData() (*Data, []string) {
	d := &Data{CountryCode: "64"}
	labels := make([]string, len(corpus))
	for i, c := range corpus {
		r := c.rec
		r.Row = store.RowKey{Kind: store.KindLocal, ID: int64(i + 1)}
		r.Partner, r.Manager = Staff{Name: "Ann", Set: true, Linked: true}, Staff{Name: "Ben", Set: true, Linked: true}
		d.Records = append(d.Records, r)
		labels[i] = c.label
	}
	return d, labels
}

// pairs lists the client pairs a set of findings calls duplicates.
func pairs(fs []Finding) map[[2]int64]bool {
	out := map[[2]int64]bool{}
	for _, f := range fs {
		if f.Check != CheckDuplicate {
			continue
		}
		for i, a := range f.Clients {
			for _, b := range f.Clients[i+1:] {
				x, y := a.Row.ID, b.Row.ID
				if x > y {
					x, y = y, x
				}
				out[[2]int64{x, y}] = true
			}
		}
	}
	return out
}

func TestDuplicatesPrecisionAndRecall(t *testing.T) {
	d, labels := corpusData()
	found := pairs(Run(d).Findings)
	truth := map[[2]int64]bool{}
	for i := range labels {
		for j := i + 1; j < len(labels); j++ {
			if labels[i] == labels[j] {
				truth[[2]int64{int64(i + 1), int64(j + 1)}] = true
			}
		}
	}
	var missed, wrong []string
	for p := range truth {
		if !found[p] {
			missed = append(missed, fmt.Sprintf("%q ~ %q", corpus[p[0]-1].rec.Name, corpus[p[1]-1].rec.Name))
		}
	}
	for p := range found {
		if !truth[p] {
			wrong = append(wrong, fmt.Sprintf("%q ~ %q", corpus[p[0]-1].rec.Name, corpus[p[1]-1].rec.Name))
		}
	}
	sort.Strings(missed)
	sort.Strings(wrong)
	tp := len(truth) - len(missed)
	precision, recall := float64(tp)/float64(max(1, len(found))), float64(tp)/float64(len(truth))
	t.Logf("precision %.2f, recall %.2f over %d true pairs", precision, recall, len(truth))
	if precision < 1 || recall < 1 {
		t.Errorf("precision %.2f, recall %.2f\nmissed: %s\nfalse alarms: %s", precision, recall,
			strings.Join(missed, "\n  "), strings.Join(wrong, "\n  "))
	}
}

func TestDuplicateSaysWhyItMatched(t *testing.T) {
	d, _ := corpusData()
	for _, f := range Run(d).Findings {
		if f.Check == CheckDuplicate && f.Clients[0].Name == "Bayview Cafe Limited" {
			if !strings.Contains(f.Reason, "same business number") || !strings.Contains(f.Reason, "same name") {
				t.Errorf("Bayview reasons = %q, want the business number and the name", f.Reason)
			}
			return
		}
	}
	t.Fatal("Bayview duplicates not found")
}
