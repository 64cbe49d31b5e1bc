package linking

import "testing"

func TestNormalizeNameSetsAmpersandAndAndAside(t *testing.T) {
	for _, c := range [][2]string{
		{"Ana & Dubois Trust", "Ana and Dubois Trust"},
		{"O'Brien & Co. Ltd", "obrien co ltd"},
		{"O’Brien and Co Ltd", "OBrien Co Ltd"},
		{"  Smith   Family  Trust ", "smith family trust"},
	} {
		if a, b := NormalizeName(c[0]), NormalizeName(c[1]); a != b || a == "" {
			t.Errorf("NormalizeName(%q) = %q, NormalizeName(%q) = %q; want the same", c[0], a, c[1], b)
		}
	}
	if NormalizeName("Smith Trust") == NormalizeName("Smith Holdings") {
		t.Error("different names compare equal")
	}
}
