package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/store/storetest"
)

func TestSafeCellPrefixesFormulaStarts(t *testing.T) {
	cases := map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+64 21 555 0101":          "'+64 21 555 0101",
		"-2+3":                     "'-2+3",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\t=1":                     "'\t=1",
		"\r=1":                     "'\r=1",
		"Bloggs = Co":              "Bloggs = Co",
		"":                         "",
		"jo@example.com":           "jo@example.com",
	}
	for in, want := range cases {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("exported file is not valid CSV: %v\n%s", err, b)
	}
	return recs
}

func col(t *testing.T, head []string, name string) int {
	t.Helper()
	for i, h := range head {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %v", name, head)
	return -1
}

func TestClientsAndContactsExportShownRowsSafely(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	evil := model.Client{Name: "=cmd|' /C calc'!A0", Email: "@evil", Phone: "+64 9 555 0101",
		Contacts: []model.Contact{{Name: "-Dash Person", Email: "dash@example.com", IsPrimary: true}}}
	id, err := st.InsertClient(ctx, &store.LocalClient{Client: evil})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.InsertClient(ctx, &store.LocalClient{Client: model.Client{Name: "Hidden Ltd"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpsertXPMClients(ctx, 1, []model.Client{{UUID: "x-1", Name: "Harbour View Trust", ClientCode: "HVT",
		Contacts: []model.Contact{{UUID: "k-1", Name: "Ana Trustee", Mobile: "021 555 0199"}}}}); err != nil {
		t.Fatal(err)
	}
	rows := []store.ClientRow{{Kind: store.KindXPM, XPMUUID: "x-1"}, {Kind: store.KindLocal, ID: id}}

	var buf bytes.Buffer
	if err := Clients(ctx, st, &buf, rows); err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, buf.Bytes())
	if len(recs) != 3 {
		t.Fatalf("want header + the 2 shown clients, got %d lines: %v", len(recs), recs)
	}
	name, email, phone := col(t, recs[0], "Name"), col(t, recs[0], "Email"), col(t, recs[0], "Phone")
	if recs[1][name] != "Harbour View Trust" || recs[1][col(t, recs[0], "Client code")] != "HVT" {
		t.Errorf("first line should be the XPM client, got %v", recs[1])
	}
	if recs[2][name] != "'=cmd|' /C calc'!A0" || recs[2][email] != "'@evil" || recs[2][phone] != "'+64 9 555 0101" {
		t.Errorf("formula cells not neutralised: %v", recs[2])
	}
	for _, r := range recs {
		if strings.Contains(strings.Join(r, ","), "Hidden Ltd") {
			t.Error("exported a client that was not shown")
		}
	}

	buf.Reset()
	if err := Contacts(ctx, st, &buf, rows); err != nil {
		t.Fatal(err)
	}
	recs = readCSV(t, buf.Bytes())
	if len(recs) != 3 {
		t.Fatalf("want header + 2 contacts, got %v", recs)
	}
	cn := col(t, recs[0], "Name")
	if recs[1][0] != "Harbour View Trust" || recs[1][cn] != "Ana Trustee" || recs[1][col(t, recs[0], "Mobile")] != "021 555 0199" {
		t.Errorf("XPM client's contact: %v", recs[1])
	}
	if recs[2][cn] != "'-Dash Person" || recs[2][0] != "'=cmd|' /C calc'!A0" || recs[2][col(t, recs[0], "Primary")] != "Yes" {
		t.Errorf("local contact not exported safely: %v", recs[2])
	}
}
