package screens

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// A dialog's title names the client in at most shortNameRunes characters, whole names kept.
func TestShortNameKeepsDialogTitlesShort(t *testing.T) {
	long := strings.Repeat("Ōtautahi Holdings ", 21) // 378 characters, as a pasted name can be
	got := shortName(long)
	if n := utf8.RuneCountInString(got); n != shortNameRunes || !strings.HasSuffix(got, "…") || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
		t.Fatalf("shortName gave %d characters: %q", n, got)
	}
	for _, name := range []string{"Emily O'Brien", strings.Repeat("é", shortNameRunes)} {
		if shortName(name) != name {
			t.Errorf("%q was cut", name)
		}
	}
}
