package xpmfake

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzTextRoundTrip: whatever a client's field holds, the fake writes XML that a strict
// parser reads back as the same text (minus characters XML 1.0 cannot carry).
func FuzzTextRoundTrip(f *testing.F) {
	for _, s := range []string{"Smith & Jones", "PO Box 1\nLevel 2", "<b>bold</b>", "Ngā Tāngata", "a\rb", "x\x00y", "]]>", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "")
		}
		var buf bytes.Buffer
		x := newXW(&buf)
		x.el("V", s)
		if err := x.flush(); err != nil {
			t.Fatal(err)
		}
		var got struct {
			V string `xml:"V"`
		}
		dec := xml.NewDecoder(bytes.NewReader([]byte("<R>" + buf.String() + "</R>")))
		if err := dec.Decode(&got); err != nil {
			t.Fatalf("fake wrote unparsable XML for %q: %v (%s)", s, err, buf.String())
		}
		want := strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r != utf8.RuneError && r != 0xFFFE && r != 0xFFFF) {
				return r
			}
			return -1
		}, s)
		if got.V != want {
			t.Fatalf("round trip of %q gave %q, want %q", s, got.V, want)
		}
	})
}

// FuzzParseBody: hostile request bodies never panic and never make the fake hold more than
// its request limit.
func FuzzParseBody(f *testing.F) {
	for _, s := range []string{"<Client><Name>x</Name></Client>", `<!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>`,
		"<a><b><c>", "<a/><b/>", "", "<a x='1' x='2'/>", strings.Repeat("<a>", 100)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := parseBody(bytes.NewReader(b))
		if err == nil && n == nil {
			t.Fatal("no error and no root")
		}
		if bytes.Contains(b, []byte("<!")) && !bytes.Contains(b, []byte("<![CDATA[")) && !bytes.Contains(b, []byte("<!--")) && err == nil {
			t.Fatalf("a DTD was accepted: %q", b)
		}
	})
}
