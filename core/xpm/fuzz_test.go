package xpm

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xpmsync/core/model"
)

// Fuzz targets: one per decoder. Hostile input must never panic, must fail only with the
// package's own errors, and anything decoded must come from the input (bounded by it).

// fuzzLimits are small so the size checks are reached quickly.
var fuzzLimits = Limits{MaxResponseBytes: 1 << 20, MaxEntityBytes: 16 << 10, MaxDepth: 16, MaxNodes: 500}

func addSeeds(f *testing.F, names ...string) {
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"", "<", "<Response>", `<Response><Status>OK</Status>`, `<Response><Status>ERROR</Status><ErrorDescription>x</ErrorDescription></Response>`,
		`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]><Response>&a;</Response>`,
		`<?xml version="1.0" encoding="EBCDIC"?><Response/>`,
		`<Response><Status>OK</Status><Clients><Client><Contacts><Contact/><Contact><UUID/></Contact></Contacts></Client></Clients></Response>`,
		`<Response xmlns:x="urn:x"><x:Status>OK</x:Status><x:Clients><x:Client a="1" a="2"/></x:Clients></Response>`,
	} {
		f.Add([]byte(s))
	}
}

// checkErr fails on an error that is not one of the package's classified errors.
func checkErr(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var api *APIError
	if errors.As(err, &api) || errors.Is(err, ErrMalformed) || errors.Is(err, ErrTruncated) || errors.Is(err, ErrTooLarge) {
		return
	}
	t.Fatalf("unclassified error %T: %v", err, err)
}

// checkBounded fails if a decoded string is longer than the input it came from.
func checkBounded(t *testing.T, in []byte, ss ...string) {
	t.Helper()
	for _, s := range ss {
		if len(s) > len(in)*4+64 { // latin-1 widening at most doubles; dates normalise to fixed widths
			t.Fatalf("decoded %d bytes from %d bytes of input", len(s), len(in))
		}
	}
}

func FuzzDecodeClientList(f *testing.F) {
	addSeeds(f, "client_list_detailed.xml", "client_list_single.xml", "client_list_empty.xml", "paged_1.xml", "paged_2.xml")
	f.Fuzz(func(t *testing.T, in []byte) {
		n := 0
		_, err := decodeClientList(bytes.NewReader(in), fuzzLimits, func(c model.Client) error {
			n++
			checkBounded(t, in, c.Name, c.Address, c.DateOfBirth, c.WebURL)
			return nil
		})
		checkErr(t, err)
		if n > bytes.Count(in, []byte("<")) {
			t.Fatalf("%d clients from %d elements", n, bytes.Count(in, []byte("<")))
		}
	})
}

func FuzzDecodeClient(f *testing.F) {
	addSeeds(f, "client_get_weburl_sibling.xml", "client_list_single.xml", "error_invalid_identifier.xml")
	f.Fuzz(func(t *testing.T, in []byte) {
		c, err := decodeClient(bytes.NewReader(in), fuzzLimits)
		checkErr(t, err)
		checkBounded(t, in, c.Name, c.WebURL, c.DateOfBirth)
	})
}

func FuzzDecodeContactList(f *testing.F) {
	addSeeds(f, "contacts_1.xml", "contacts_2.xml")
	f.Fuzz(func(t *testing.T, in []byte) {
		_, err := decodeContactList(bytes.NewReader(in), fuzzLimits, func(c model.Contact) error { checkBounded(t, in, c.Name); return nil })
		checkErr(t, err)
	})
}

func FuzzDecodeContact(f *testing.F) {
	addSeeds(f, "contact_v30.xml")
	f.Fuzz(func(t *testing.T, in []byte) {
		c, _, err := decodeContact(bytes.NewReader(in), fuzzLimits)
		checkErr(t, err)
		checkBounded(t, in, c.Name, c.UUID)
	})
}

func FuzzDecodeStaff(f *testing.F) {
	addSeeds(f, "staff_list.xml", "staff_get.xml")
	f.Fuzz(func(t *testing.T, in []byte) {
		err := decodeStaffList(bytes.NewReader(in), fuzzLimits, func(s model.Staff) error { checkBounded(t, in, s.Name, s.Address); return nil })
		checkErr(t, err)
		s, err := decodeStaff(bytes.NewReader(in), fuzzLimits)
		checkErr(t, err)
		checkBounded(t, in, s.Name, s.WebURL)
	})
}

func FuzzDecodeGroups(f *testing.F) {
	addSeeds(f, "groups_list.xml", "group_get.xml")
	f.Fuzz(func(t *testing.T, in []byte) {
		err := decodeGroupList(bytes.NewReader(in), fuzzLimits, func(g model.Group) error { checkBounded(t, in, g.Name); return nil })
		checkErr(t, err)
		g, err := decodeGroup(bytes.NewReader(in), fuzzLimits)
		checkErr(t, err)
		if len(g.Clients) > len(in) {
			t.Fatal("more members than input bytes")
		}
	})
}

func FuzzDecodeRelationship(f *testing.F) {
	addSeeds(f, "relationship_add.xml")
	f.Fuzz(func(t *testing.T, in []byte) {
		r, _, err := decodeRelationship(bytes.NewReader(in), fuzzLimits)
		checkErr(t, err)
		checkBounded(t, in, r.Type, r.StartDate)
	})
}

func FuzzDecodeEnvelope(f *testing.F) {
	addSeeds(f, "error_invalid_identifier.xml", "staff_get.xml")
	f.Fuzz(func(t *testing.T, in []byte) {
		err := decodeStatus(bytes.NewReader(in), fuzzLimits)
		checkErr(t, err)
		var api *APIError
		if errors.As(err, &api) && api.Description == "" {
			t.Fatal("APIError without a description")
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"1970-11-26", "1970-11-26T00:00:00", "2019-12-07T18:46:19.5165400", "2020-01-01T00:00:00Z", "20091023", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := dateOnly(s)
		if _, ok := parseDate(s); ok && (len(d) != 10 || strings.Count(d, "-") != 2) {
			// Years outside 0000–9999 cannot come from these layouts.
			t.Fatalf("dateOnly(%q) = %q", s, d)
		}
	})
}
