package screens

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"xpmsync/core/model"
)

// A client flagged "conflict" offers Conflict looked at; pressing it clears the flag (the detail
// and the list row stop saying conflict) and leaves the history as it was.
func TestConflictLookedAtClearsTheFlag(t *testing.T) {
	r := newClientsRig(t, true)
	x := r.xpmClient(t, model.Client{Name: "Margaret García", Phone: "09 555 0199"})
	id := r.localClient(t, model.Client{Name: "Margaret García", Phone: "09 555 0199"}, x.UUID)
	if _, err := r.Store.DB().ExecContext(context.Background(), `UPDATE clients SET review = 'conflict' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	r.tab.Reload()
	r.choose(t, "Margaret García")
	if !r.tab.Detail.Looked.Visible() || !strings.Contains(r.tab.Detail.Status.Text, "conflict") {
		t.Fatalf("a conflict shows %q, Conflict looked at visible %v", r.tab.Detail.Status.Text, r.tab.Detail.Looked.Visible())
	}
	test.Tap(r.tab.Detail.Looked)
	waitFor(t, "flag cleared", func() bool { return !r.tab.Detail.Looked.Visible() })
	if strings.Contains(r.tab.Detail.Status.Text, "conflict") || !strings.Contains(r.tab.Detail.Notice.Text, "Conflict flag cleared") {
		t.Errorf("after: status %q, notice %q", r.tab.Detail.Status.Text, r.tab.Detail.Notice.Text)
	}
	waitFor(t, "row unmarked", func() bool {
		rows := r.tab.Rows()
		return len(rows) == 1 && rows[0].Review == ""
	})
	lc, err := r.Store.Client(context.Background(), id)
	if err != nil || lc.Review != "" {
		t.Fatalf("stored review %q (%v)", lc.Review, err)
	}
}
