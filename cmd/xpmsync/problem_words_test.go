package main

import (
	"testing"

	"xpmsync/core/problem/problemtest"
)

// The command line words a failed sync as the window does.
func TestSyncFailureReadsAsInTheWindow(t *testing.T) {
	for _, c := range problemtest.Cases() {
		got := syncFailed(c.Err, "/var/log/xpmsync.log").Error()
		if want := "sync failed: " + c.Want + " Details: /var/log/xpmsync.log"; got != want {
			t.Errorf("%s:\n got %q\nwant %q", c.Name, got, want)
		}
	}
}
