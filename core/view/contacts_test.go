package view

import "testing"

func TestNormalizeMobile(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"", "", true},
		{"0411 111 111", "+61411111111", true},     // local: default country code
		{"0411111111", "+61411111111", true},       // spaces do not matter
		{"0411-111-111", "+61411111111", true},     // nor hyphens
		{"+61 411 111 111", "+61411111111", true},  // international kept
		{"+64 21 555 1234", "+64215551234", true},  // another country
		{"0064 21 555 1234", "+64215551234", true}, // 00 prefix
		{"411 111 111", "+61411111111", true},      // no trunk 0: the default code is added
		{"0411 111 111 (Leanne)", "", false},       // a note makes it invalid (seed 002)
		{"0411 111 111 Leanne", "", false},         //
		{"mobile: 0411 111 111", "", false},        //
		{"04111", "", false},                       // too short
		{"+61 411 111 111 111 111", "", false},     // too long
		{"0411 111 111 / 0422 222 222", "", false}, // two numbers
	}
	for _, c := range cases {
		got, ok := NormalizeMobile(c.in, "61")
		if got != c.want || ok != c.ok {
			t.Errorf("NormalizeMobile(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestValidEmail(t *testing.T) {
	good := []string{"jane@acme.com.au", "j.o'brien@example.co.nz", "a+tag@x.io", " jane@acme.com.au "}
	bad := []string{"", "jane", "jane@", "@acme.com", "jane@acme", "jane@acme.com (home)", "Jane <jane@acme.com>",
		"jane@acme.com; bob@acme.com", "jane @acme.com", "jane@acme..com."}
	for _, s := range good {
		if !ValidEmail(s) {
			t.Errorf("ValidEmail(%q) = false, want true", s)
		}
	}
	for _, s := range bad {
		if ValidEmail(s) {
			t.Errorf("ValidEmail(%q) = true, want false", s)
		}
	}
}
