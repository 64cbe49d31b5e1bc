package staff

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

func TestEmailPairs(t *testing.T) {
	xs := []model.Staff{
		{UUID: "x-ann", Name: "Ann Lee", Email: "Ann@Kereama.co.nz "},
		{UUID: "x-bob", Name: "Bob Hare", Email: "bob@kereama.co.nz"},
		{UUID: "x-twin1", Name: "Front desk", Email: "office@kereama.co.nz"},
		{UUID: "x-twin2", Name: "Reception", Email: "office@kereama.co.nz"},
		{UUID: "x-noemail", Name: "Cat", Email: ""},
	}
	cases := []struct {
		name    string
		members []store.TeamMember
		force   bool
		want    []Pair
	}{
		{"email matches trimmed and case-insensitively",
			[]store.TeamMember{{ID: 1, Email: "  ann@kereama.CO.NZ"}}, false, []Pair{{1, "x-ann"}}},
		{"no email never matches, not even XPM staff without email",
			[]store.TeamMember{{ID: 1, Email: ""}}, false, nil},
		{"different email does not match",
			[]store.TeamMember{{ID: 1, Email: "ann.lee@kereama.co.nz"}}, false, nil},
		{"already linked members are left alone",
			[]store.TeamMember{{ID: 1, Email: "ann@kereama.co.nz", XPMUUID: "x-bob", LinkHow: store.LinkManual}}, false, nil},
		{"XPM staff linked to someone else is not offered",
			[]store.TeamMember{{ID: 1, Email: "bob@kereama.co.nz"}, {ID: 2, Email: "x@y.z", XPMUUID: "x-bob"}}, false, nil},
		{"two XPM staff sharing an email need a human",
			[]store.TeamMember{{ID: 1, Email: "office@kereama.co.nz"}}, false, nil},
		{"two team members sharing an email need a human",
			[]store.TeamMember{{ID: 1, Email: "bob@kereama.co.nz"}, {ID: 2, Email: "BOB@kereama.co.nz"}}, false, nil},
		{"unlinked by hand is not relinked automatically",
			[]store.TeamMember{{ID: 1, Email: "bob@kereama.co.nz", LinkHow: store.LinkUnlinked}}, false, nil},
		{"Link all by email relinks people unlinked by hand",
			[]store.TeamMember{{ID: 1, Email: "bob@kereama.co.nz", LinkHow: store.LinkUnlinked}}, true, []Pair{{1, "x-bob"}}},
		{"several members link in one pass",
			[]store.TeamMember{{ID: 2, Email: "bob@kereama.co.nz"}, {ID: 1, Email: "ann@kereama.co.nz"}}, false, []Pair{{1, "x-ann"}, {2, "x-bob"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := EmailPairs(c.members, xs, c.force); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("pairs = %v, want %v", got, c.want)
			}
		})
	}
}

func TestFreeOptionsListOnlyUnlinkedStaff(t *testing.T) {
	xs := []model.Staff{
		{UUID: "x-zed", Name: "Zed Ford", Email: "zed@k.nz"},
		{UUID: "x-ann", Name: "Ann Lee", Email: "ann@k.nz"},
		{UUID: "x-jo1", Name: "Jo Smith"},
		{UUID: "x-jo2", Name: "Jo Smith"},
	}
	members := []store.TeamMember{{ID: 1, XPMUUID: "x-ann"}, {ID: 2}}
	got := FreeOptions(members, xs)
	want := []Option{{UUID: "x-jo1", Label: "Jo Smith", Name: "Jo Smith"}, {UUID: "x-jo2", Label: "Jo Smith (2)", Name: "Jo Smith"},
		{UUID: "x-zed", Label: "Zed Ford · zed@k.nz", Name: "Zed Ford", Email: "zed@k.nz"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("options = %v, want %v", got, want)
	}
}

func TestStatusWords(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	xs := []model.Staff{
		{UUID: "x-ann", Name: "Ann Lee", Email: "ann@k.nz"},
		{UUID: "x-bob", Name: "Bob Hare", Email: "bob@k.nz"},
	}
	bobLinkedToRobert := store.TeamMember{ID: 9, Name: "Robert", Email: "robert@k.nz", XPMUUID: "x-bob", LinkHow: store.LinkManual}
	cases := []struct {
		m         store.TeamMember
		want      string
		wantLevel Level
	}{
		{store.TeamMember{ID: 1, XPMUUID: "x-ann", LinkHow: store.LinkEmail}, "Linked by email", LevelSuccess},
		{store.TeamMember{ID: 1, XPMUUID: "x-ann", LinkHow: store.LinkManual}, "Linked by hand", LevelSuccess},
		{store.TeamMember{ID: 1, XPMUUID: "x-gone", LinkHow: store.LinkManual}, "Linked, but XPM no longer lists", LevelDanger},
		{store.TeamMember{ID: 1, Email: "new@k.nz", CreateDue: now.Add(5*time.Hour - time.Minute)}, "Will be created in XPM in 5 h", LevelWarning},
		{store.TeamMember{ID: 1, Email: "new@k.nz", CreateDue: now.Add(20 * time.Minute)}, "Will be created in XPM in 20 min", LevelWarning},
		{store.TeamMember{ID: 1, Email: "new@k.nz", CreateDue: now.Add(-time.Minute)}, "Will be created in XPM at the next check", LevelWarning},
		{store.TeamMember{ID: 1, Email: "new@k.nz"}, "Not linked: no XPM staff with this email", LevelDanger},
		{store.TeamMember{ID: 1, Email: ""}, "Not linked: add an email", LevelDanger},
		{store.TeamMember{ID: 1, Email: " ANN@k.nz"}, "XPM staff Ann Lee has this email", LevelWarning},
		{store.TeamMember{ID: 1, Email: "bob@k.nz"}, "linked to Robert", LevelWarning},
		{store.TeamMember{ID: 1, Email: "new@k.nz", LinkHow: store.LinkUnlinked}, "unlinked by hand", LevelPlain},
		{store.TeamMember{ID: 1, Email: "new@k.nz", CreateSentAt: now}, "Being created in XPM", LevelWarning},
	}
	for _, c := range cases {
		got, lvl := Status(c.m, []store.TeamMember{c.m, bobLinkedToRobert}, xs, now)
		if !strings.Contains(got, c.want) || lvl != c.wantLevel {
			t.Errorf("status of %+v = %q (%d), want %q (%d)", c.m, got, lvl, c.want, c.wantLevel)
		}
	}
}

func TestExplainNamesWhoHoldsTheLink(t *testing.T) {
	xs := []model.Staff{{UUID: "x-ann", Name: "Ann Lee", Email: "ann@k.nz"}, {UUID: "x-bob", Name: "Bob Hare", Email: "bob@k.nz"}}
	members := []store.TeamMember{{ID: 1, Name: "Annie L.", XPMUUID: "x-ann"}}
	cases := []struct{ q, want string }{
		{"ann", "Ann Lee is already linked to team member Annie L."},
		{"BOB@k", "Bob Hare is in XPM and not linked"},
		{"Zoe", `No XPM staff matches "Zoe": they are not in XPM yet`},
		{"", "Only XPM staff not yet linked"},
	}
	for _, c := range cases {
		if got := Explain(c.q, members, xs); !strings.Contains(got, c.want) {
			t.Errorf("Explain(%q) = %q, want it to say %q", c.q, got, c.want)
		}
	}
}

func TestRoleNote(t *testing.T) {
	if got := RoleNote("Partner", store.TeamMember{ID: 3, Name: "Jo"}); !strings.HasPrefix(got, "Jo is not linked to XPM staff, so this Partner will not sync") {
		t.Fatalf("note = %q", got)
	}
	if got := RoleNote("Manager", store.TeamMember{ID: 3, Name: "Jo", XPMUUID: "x"}); got != "" {
		t.Fatalf("a linked manager got a note: %q", got)
	}
	if got := RoleNote("Manager", store.TeamMember{}); got != "" {
		t.Fatalf("no choice got a note: %q", got)
	}
}
