package auth

import (
	"strings"
	"testing"
)

func TestCheckClientIDRefusesWhatCannotBeOne(t *testing.T) {
	if err := CheckClientID(" 6A1B2C3D4E5F60718293A4B5C6D7E8F9 "); err != nil {
		t.Fatalf("a real-looking ID refused: %v", err)
	}
	for _, bad := range []string{"", "   ", "https://developer.xero.com/app/manage", "abc", "6A1B2C3D 4E5F60718293A4B5C6D7E8F9"} {
		err := CheckClientID(bad)
		if err == nil || !strings.Contains(err.Error(), "developer.xero.com") {
			t.Errorf("CheckClientID(%q) = %v; want a refusal saying where to find one", bad, err)
		}
	}
}
