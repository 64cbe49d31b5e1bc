package health

import (
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Entity classes a name's legal ending puts it in. Two names in different classes (the Smith
// Family Trust and Smith Family Pty Ltd, its trustee company) are different clients.
const (
	classNone    = ""
	classCompany = "company"
	classTrust   = "trust"
	classSuper   = "super"
	classPartner = "partnership"
	classPerson  = "person" // no legal ending, and a date of birth or given name
)

// suffixes are legal endings, longest first, as the folded words they end a name with.
var suffixes = []struct {
	words []string
	class string
}{
	{[]string{"proprietary", "limited"}, classCompany},
	{[]string{"pty", "limited"}, classCompany},
	{[]string{"pty", "ltd"}, classCompany},
	{[]string{"co", "ltd"}, classCompany},
	{[]string{"superannuation", "fund"}, classSuper},
	{[]string{"super", "fund"}, classSuper},
	{[]string{"limited"}, classCompany},
	{[]string{"ltd"}, classCompany},
	{[]string{"pty"}, classCompany},
	{[]string{"inc"}, classCompany},
	{[]string{"incorporated"}, classCompany},
	{[]string{"llc"}, classCompany},
	{[]string{"plc"}, classCompany},
	{[]string{"trust"}, classTrust},
	{[]string{"smsf"}, classSuper},
	{[]string{"partnership"}, classPartner},
}

// dropWords carry no identity: "The Smith Trust" is the Smith Trust, "&" is "and".
var dropWords = map[string]bool{"the": true, "and": true}

// synonyms spell one word one way.
var synonyms = map[string]string{"company": "co", "limited": "ltd", "proprietary": "pty"}

// nameKey is a name reduced to what identifies it.
type nameKey struct {
	core  string   // sorted identifying words joined by spaces; "" = nothing to compare
	words []string // the same words, sorted
	// joined is the words in their own order without spaces, so "Bay View" is "Bayview".
	joined string
	class  string
}

// accentStrippers hold transformers, which keep state and so serve one goroutine at a time.
var accentStrippers = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// fold lower-cases s and removes accents, so "Zoë" and "Zoe" compare equal.
func fold(s string) string {
	if !isASCII(s) {
		t := accentStrippers.Get().(transform.Transformer)
		if folded, _, err := transform.String(t, s); err == nil {
			s = folded
		}
		accentStrippers.Put(t)
	}
	return strings.ToLower(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// words splits a folded name into words of letters and digits (any script); "&" becomes "and",
// an apostrophe joins ("O'Brien" is "obrien"), everything else separates.
func words(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case r == '\'' || r == '’':
		case r == '&':
			flush()
			out = append(out, "and")
		default:
			flush()
		}
	}
	flush()
	return out
}

// makeNameKey reduces a client name: accents, case, punctuation, "&"/"and", legal endings
// and word order ("Smith, John" is "John Smith") stop mattering.
func makeNameKey(name string) nameKey {
	ws := words(fold(name))
	class := classNone
	if len(ws) >= 3 && ws[0] == "the" && ws[1] == "trustee" && ws[2] == "for" {
		ws, class = ws[3:], classTrust
	}
	for {
		c, n := suffixAt(ws)
		if n == 0 {
			break
		}
		ws = ws[:len(ws)-n]
		if class == classNone {
			class = c
		}
	}
	kept := ws[:0:0]
	for _, w := range ws {
		if s, ok := synonyms[w]; ok {
			w = s
		}
		if !dropWords[w] {
			kept = append(kept, w)
		}
	}
	joined := strings.Join(kept, "")
	sort.Strings(kept)
	return nameKey{core: strings.Join(kept, " "), words: kept, joined: joined, class: class}
}

// suffixAt reports the legal ending ws ends with, and how many words it takes.
func suffixAt(ws []string) (string, int) {
	for _, s := range suffixes {
		n := len(s.words)
		if len(ws) <= n { // a name that is only a legal ending keeps it
			continue
		}
		match := true
		for i, w := range s.words {
			if ws[len(ws)-n+i] != w {
				match = false
				break
			}
		}
		if match {
			return s.class, n
		}
	}
	return "", 0
}

// classesFit reports whether two classes can be the same client (an unstated class fits any).
func classesFit(a, b string) bool { return a == classNone || b == classNone || a == b }

// emailKey is an email address as it identifies a mailbox; "" for one not worth comparing.
func emailKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if !strings.Contains(s, "@") {
		return ""
	}
	return s
}

// numberKey keeps the digits of an identifier (ABN "12 345 678 901"); a masked tax number
// ("******123") or one too short to identify anything gives "".
func numberKey(s string) string {
	if strings.ContainsRune(s, '*') {
		return ""
	}
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() < 6 || strings.Trim(b.String(), "0") == "" {
		return ""
	}
	return b.String()
}
