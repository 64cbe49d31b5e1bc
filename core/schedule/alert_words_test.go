package schedule

import (
	"strings"
	"testing"

	"xpmsync/core/problem"
	"xpmsync/core/problem/problemtest"
)

// The banner and its notification word a failure exactly as every tab does.
func TestFailureAlertUsesTheOneWording(t *testing.T) {
	for _, c := range problemtest.Cases() {
		a := failureAlert(c.Err, 3, true)
		if !strings.HasPrefix(a.Text, "Last 3 syncs failed: "+c.Want) {
			t.Errorf("%s: alert %q, want the words %q", c.Name, a.Text, c.Want)
		}
		if a.Action != problem.Explain(c.Err).Action {
			t.Errorf("%s: button %v", c.Name, a.Action)
		}
	}
}
