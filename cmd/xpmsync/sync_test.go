package main

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"xpmsync/core/instance"
)

// A user (or a script) runs one command and reads one line: the demo practice is connected
// through the real PKCE flow and fully synced, and running it again is harmless.
func TestSyncDemoPrintsOneSummaryLine(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	dir := t.TempDir()
	opts, err := parseFlags("xpmsync sync", []string{"--demo", "--demo-clients", "120", "--data-dir", dir}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`^synced (\d+) clients \((\d+) contacts, (\d+) staff\) in \S+, API calls: (\d+)\n$`)
	for round := 1; round <= 2; round++ {
		var out bytes.Buffer
		if err := runSync(opts, &out); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		m := line.FindStringSubmatch(out.String())
		if m == nil {
			t.Fatalf("round %d: output %q", round, out.String())
		}
		if n, _ := strconv.Atoi(m[1]); n != 120 {
			t.Fatalf("round %d: synced %d clients, want 120", round, n)
		}
		if staff, _ := strconv.Atoi(m[3]); staff < 5 || staff > 15 {
			t.Fatalf("round %d: %d staff", round, staff)
		}
	}
}

func TestUnknownCommandIsAUsageError(t *testing.T) {
	err := run([]string{"frobnicate"})
	if err == nil || exitCode(err) != 2 {
		t.Fatalf("err = %v, exit %d", err, exitCode(err))
	}
}

// A second `xpmsync sync` while the app runs must not refresh the shared token itself: it asks
// the running copy to sync and says so.
func TestSyncWhileAppRunsHandsOver(t *testing.T) {
	dir := t.TempDir()
	lock, err := instance.Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	opts, err := parseFlags("xpmsync sync", []string{"--demo", "--data-dir", dir}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = runSync(opts, &out)
	if exitCode(err) != exitHandedOver || !strings.Contains(err.Error(), "asked to sync now") {
		t.Fatalf("err = %v (exit %d)", err, exitCode(err))
	}
	select {
	case cmd := <-lock.Requests():
		if cmd != instance.CmdSync {
			t.Fatalf("running copy got %q", cmd)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the running copy was not asked to sync")
	}
	if out.Len() != 0 {
		t.Fatalf("printed a summary although it did not sync: %q", out.String())
	}
}
