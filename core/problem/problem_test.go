package problem_test

import (
	"errors"
	"strings"
	"testing"

	"xpmsync/core/problem"
	"xpmsync/core/problem/problemtest"
)

func TestEveryFailureHasItsWords(t *testing.T) {
	for _, c := range problemtest.Cases() {
		if got := problem.Words(c.Err); got != c.Want {
			t.Errorf("%s:\n got %q\nwant %q", c.Name, got, c.Want)
		}
		p := problem.Explain(c.Err)
		if p.Known == (c.Name == "the app's own words") {
			t.Errorf("%s: known = %v", c.Name, p.Known)
		}
		if strings.Contains(problem.Words(c.Err), "xpm:") || strings.Contains(problem.Words(c.Err), "\n") {
			t.Errorf("%s: technical words leak: %q", c.Name, problem.Words(c.Err))
		}
	}
}

func TestWaysForward(t *testing.T) {
	for _, c := range problemtest.Cases() {
		want := problem.Details
		switch c.Name {
		case "not connected", "token expired", "token revoked", "practice disconnected":
			want = problem.Reconnect
		case "cancelled", "SQLite busy", "PostgreSQL lock", "database unreachable":
			want = problem.None
		}
		if got := problem.Explain(c.Err).Action; got != want {
			t.Errorf("%s: action %v, want %v", c.Name, got, want)
		}
	}
}

func TestUnreachableIsWhatCanWait(t *testing.T) {
	can := map[string]bool{"not connected": true, "network down": true, "timed out": true, "XPM 5xx": true, "answer cut short": true}
	for _, c := range problemtest.Cases() {
		if got := problem.Unreachable(c.Err); got != can[c.Name] {
			t.Errorf("%s: Unreachable = %v", c.Name, got)
		}
	}
}

func TestAnErrorThatCarriesItsOwnWords(t *testing.T) {
	err := problem.New("This client is not linked to an XPM client", "Link it on the Clients tab first.", problem.None)
	wrapped := errors.Join(errors.New("import"), err)
	if got := problem.Words(wrapped); got != "This client is not linked to an XPM client. Link it on the Clients tab first." {
		t.Fatalf("%q", got)
	}
	if problem.Words(nil) != "" {
		t.Fatal("no error has no words")
	}
	multi := errors.New("first line\n\tsecond   line")
	if got := problem.Words(multi); got != "first line second line." {
		t.Fatalf("a table row stays one row: %q", got)
	}
}
