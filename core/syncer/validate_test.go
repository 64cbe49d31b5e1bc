package syncer

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"xpmsync/core/model"
)

// Seed 002: contacts need a name, a valid email and a valid mobile or none; a client with no
// valid contact stands in with its own details; failures are listed with a reason.
func TestContactValidationAndClientPriority(t *testing.T) {
	r := newRig(t, Policy{ImportAll: true})
	r.api.put(sampleClient("Valid Contacts Pty Ltd",
		person("Jane Citizen", "jane@valid.com.au", "0411 111 111"),
		person("Leanne Smith", "leanne@valid.com.au", "0411 111 111 (Leanne)"),
		person("", "noname@valid.com.au", ""),
		person("Bad Email", "bad@valid.com.au (work)", "")))
	r.api.put(sampleClient("Only Bad Contacts Trust", person("Bob", "", "")))
	noEmail := sampleClient("Nobody Valid Ltd", person("Carl", "carl@", ""))
	noEmail.Email = "accounts at nobody"
	r.api.put(noEmail)
	r.sync(Full)

	valid := r.local("c-0001")
	if len(valid.Client.Contacts) != 1 || valid.Client.Contacts[0].Name != "Jane Citizen" {
		t.Fatalf("valid client contacts = %+v, want only Jane", valid.Client.Contacts)
	}
	onlyBad := r.local("c-0006")
	if len(onlyBad.Client.Contacts) != 1 || onlyBad.Client.Contacts[0].Name != "Only Bad Contacts Trust" ||
		onlyBad.Client.Contacts[0].Email != "office@onlybadcontactstrust.com.au" || !IsDerivedContact(onlyBad.Client.Contacts[0]) {
		t.Fatalf("client with no valid contact should stand in with its own details: %+v", onlyBad.Client.Contacts)
	}
	nobody := r.local("c-0008")
	if len(nobody.Client.Contacts) != 0 {
		t.Fatalf("nothing valid at all, yet contacts = %+v", nobody.Client.Contacts)
	}
	issues, err := r.st.SyncIssues(r.ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{ // name → field at fault
		"Leanne Smith":     "Mobile",
		"":                 "Name",
		"Bad Email":        "Email",
		"Bob":              "Email",
		"Carl":             "Email",
		"Nobody Valid Ltd": "Email",
	}
	if len(issues) != len(want) {
		t.Fatalf("issues = %+v", issues)
	}
	for _, is := range issues {
		if f, ok := want[is.Name]; !ok || f != is.Field || is.Reason == "" {
			t.Errorf("unexpected issue %+v", is)
		}
	}
	if len(r.events("validation_failed")) != len(want) {
		t.Errorf("validation_failed events = %d", len(r.events("validation_failed")))
	}

	// The FAQ: a valid contact appears later; it takes over, the stand-in stays as it was.
	r.api.edit("c-0006", func(c *model.Client) {
		c.Contacts = append(c.Contacts, person("Bob Jones", "bob@trust.com.au", ""))
		c.Email = "changed@trust.com.au"
	})
	r.api.edit("c-0001", func(c *model.Client) { c.Contacts[1].Mobile = "0422 222 222" }) // Leanne fixed
	r.sync(Delta)
	onlyBad = r.local("c-0006")
	names := []string{}
	for _, c := range onlyBad.Client.Contacts {
		names = append(names, c.Name+"|"+c.Email)
	}
	if len(names) != 2 || !strings.Contains(strings.Join(names, ","), "Only Bad Contacts Trust|office@onlybadcontactstrust.com.au") ||
		!strings.Contains(strings.Join(names, ","), "Bob Jones|bob@trust.com.au") {
		t.Fatalf("after a valid contact appeared: %v", names)
	}
	valid = r.local("c-0001")
	if len(valid.Client.Contacts) != 2 {
		t.Fatalf("Leanne fixed in XPM should now be imported: %+v", valid.Client.Contacts)
	}
	issues, _ = r.st.SyncIssues(r.ctx)
	for _, is := range issues {
		if is.Name == "Leanne Smith" {
			t.Fatalf("a fixed record is still in the summary: %+v", is)
		}
	}
}

func TestSummaryCSVNeutralisesFormulas(t *testing.T) {
	r := newRig(t, Policy{ImportAll: true})
	r.api.put(sampleClient("=HYPERLINK(\"http://evil\")", person("@SUM(A1)", "-1+1@x", "+61 411 (x)")))
	r.sync(Full)
	var buf bytes.Buffer
	if err := WriteSummaryCSV(r.ctx, r.st, &buf); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 || strings.Join(rows[0], ",") != strings.Join(SummaryHeader, ",") {
		t.Fatalf("rows = %q", rows)
	}
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("cell %q would run as a formula", cell)
			}
		}
	}
	if !strings.Contains(text, "'=HYPERLINK") || !strings.Contains(text, "'@SUM(A1)") {
		t.Errorf("values should be kept, prefixed: %s", text)
	}
}
