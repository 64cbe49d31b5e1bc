package app

import (
	"strings"
	"testing"
	"time"

	"xpmsync/core/demo"
)

// `make demo` gives a new demo database a few days of history, built by the engine with a
// progress line, after which the store is back on the wall clock and a second start leaves it
// alone. --demo-fresh keeps the just-connected practice.
func TestDemoBuildsLivedInPractice(t *testing.T) {
	svc, err := StartServices(Options{DataDir: t.TempDir(), Demo: true, DemoClients: 200})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if !svc.livedIn() {
		t.Fatal("a new demo database does not get a history")
	}
	var lines []string
	sum, err := svc.BuildDemoHistory(svc.Ctx(), func(p demo.Progress) { lines = append(lines, p.Line()) })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Syncs < 70 || sum.Alerts != 1 {
		t.Errorf("history: %+v", sum)
	}
	if len(lines) < 20 || !strings.Contains(lines[0], "Building the demo practice") || !strings.Contains(lines[len(lines)-1], "100%") {
		t.Errorf("progress lines: %d, first %q", len(lines), lines)
	}
	if n, _ := svc.Store.ClientCount(svc.Ctx()); n < 150 {
		t.Fatalf("%d local clients after the history", n)
	}
	if d := time.Since(svc.Store.Now()); d < -time.Second || d > time.Second {
		t.Fatalf("the store's clock is %s off the wall clock after the history", d)
	}
	if svc.livedIn() {
		t.Fatal("a second start would build the history again over the first")
	}
}

func TestDemoFreshKeepsTheJustConnectedPractice(t *testing.T) {
	svc, err := StartServices(Options{DataDir: t.TempDir(), Demo: true, DemoFresh: true, DemoClients: 20})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if svc.livedIn() {
		t.Fatal("--demo-fresh builds a history")
	}
}
