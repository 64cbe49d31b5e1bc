package screens

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"xpmsync/core/linking"
	"xpmsync/core/view"
)

// The History tab lists what became of the changes among the field changes, newest first: the
// edit, then its send (or XPM's refusal, in red).
func TestHistoryListsTheSendAfterTheEdit(t *testing.T) {
	at := time.Date(2026, 12, 5, 10, 0, 0, 0, time.Local)
	det := linking.Detail{
		History: []view.FieldChange{{Field: "Phone", Old: "02 9000 0000", New: "02 9111 1111", Source: view.SourceUser, At: at}},
		Sends: []view.Event{
			{At: at.Add(2 * time.Hour), Kind: "push_failed", Result: "failed", Details: "XPM did not take the change to the client: Name is too long."},
			{At: at.Add(time.Minute), Kind: "push_sent", Result: "ok", Details: "Sent to XPM: Phone by FRONT-DESK-PC"},
		},
	}
	lines := historyLines(det)
	if len(lines) != 3 {
		t.Fatalf("%d lines: %+v", len(lines), lines)
	}
	if !strings.HasPrefix(lines[0].text, "XPM did not take") || lines[0].importance != widget.DangerImportance {
		t.Errorf("newest line %+v; want the refusal in red", lines[0])
	}
	if lines[1].text != "Sent to XPM: Phone by FRONT-DESK-PC" || !lines[1].at.Equal(at.Add(time.Minute)) {
		t.Errorf("second line %+v; want the send with its time", lines[1])
	}
	if lines[2].text != "Phone: 02 9000 0000 → 02 9111 1111 · changed here" {
		t.Errorf("oldest line %q; want the edit", lines[2].text)
	}
}
