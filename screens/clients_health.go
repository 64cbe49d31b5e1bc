package screens

import (
	"context"

	"xpmsync/core/linking"
	"xpmsync/core/problem"
	"xpmsync/core/view"
)

// dataProblems is the Clients filter that opens the Data health view in place of the list.
const dataProblems = "Data problems"

// AttachHealth puts the Data health view in the Clients tab, shown by the "Data problems"
// filter; its "Back to clients" returns to every client, and "Edit here" opens the client's
// edit dialog.
func (t *ClientsTab) AttachHealth(v *HealthView) {
	t.health = v
	v.OnBack = func() { t.Filter.SetSelectedIndex(0) }
	v.OnEdit = t.EditClient
	v.Content().Hide()
	t.stack.Add(v.Content())
}

// Health is the attached Data health view (nil when none).
func (t *ClientsTab) Health() *HealthView { return t.health }

// showHealthIfChosen swaps the list for the Data health view when "Data problems" is the
// filter, and back otherwise; it reports whether the health view is showing. A reload while
// it shows (after a sync) checks the clients again.
func (t *ClientsTab) showHealthIfChosen() bool {
	if t.health == nil {
		return false
	}
	want := t.Filter.Selected == dataProblems
	if want == t.health.Content().Visible() {
		if want {
			t.health.Load()
		}
		return want
	}
	if want {
		t.main.Hide()
		t.health.SetWindow(t.window())
		t.health.Content().Show()
		t.health.Load()
	} else {
		t.health.Content().Hide()
		t.main.Show()
	}
	return want
}

// EditClient opens the edit dialog of a local client, as the detail's Edit button does.
func (t *ClientsTab) EditClient(id int64) {
	background(t.bg, func() (linking.Detail, error) {
		return t.be.DetailOf(context.Background(), view.RowKey{Kind: view.KindLocal, ID: id})
	}, func(d linking.Detail, err error) {
		if err != nil || d.Local == nil {
			if t.health != nil {
				t.health.Status.SetText("Could not open the client: " + errText(err))
			}
			return
		}
		t.showEdit(*d.Local)
	})
}

func errText(err error) string {
	if err == nil {
		return "it is no longer a local client"
	}
	return problem.Words(err)
}
