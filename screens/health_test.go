package screens

import (
	"context"
	"net/url"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/enginetest"
	"xpmsync/core/health"
	"xpmsync/core/linking"
	"xpmsync/core/model"
	"xpmsync/core/view"
)

// healthTestBackend is the Data health view's backend as the app wires it: the checks from the
// health service, each client's details from the Clients tab's linking service.
type healthTestBackend struct {
	*health.Service
	ClientDetailReader
}

// healthRig is the Clients tab with its Data health view over a store holding a client entered
// twice and one with a badly formed email.
func healthRig(t *testing.T) (*ClientsTab, *HealthView, *enginetest.Practice) {
	t.Helper()
	test.NewTempApp(t)
	p := enginetest.New(t)
	st := p.Store
	ctx := context.Background()
	for _, c := range []model.Client{
		{Name: "Smith & Co", Email: "office@smithco.nz", Phone: "09 300 1000"},
		{Name: "Smith and Co Pty Ltd", Email: "office@smithco.nz", Phone: "09 300 2000"},
		{Name: "Aroha Ngata", Email: "aroha@@example", Phone: "021 555 0101"},
	} {
		if _, err := st.InsertClient(ctx, &view.LocalClient{Client: c}); err != nil {
			t.Fatal(err)
		}
	}
	svc := &health.Service{St: st}
	if err := svc.AfterSync(ctx, 1); err != nil {
		t.Fatal(err)
	}
	det := linking.New(st, func() linking.API { return nil }, nil)
	tab := NewClientsTab(det, testRun)
	v := NewHealthView(healthTestBackend{svc, det}, "Jo Tester", testRun)
	tab.AttachHealth(v)
	w := test.NewTempWindow(t, tab.Content())
	w.Resize(fyne.NewSize(1280, 800))
	tab.SetWindow(w)
	return tab, v, p
}

func TestDataProblemsFilterOpensTheHealthView(t *testing.T) {
	tab, v, _ := healthRig(t)
	tab.Filter.SetSelected(dataProblems)
	if !v.Content().Visible() || tab.main.Visible() {
		t.Fatal("choosing Data problems did not show the Data health view")
	}
	counts := v.Counts()
	if len(counts) == 0 || counts[0].Check.ID != health.CheckDuplicate {
		t.Fatalf("summary = %+v, want the duplicates first", counts)
	}
	if got := len(v.Chart.Points()); got != 1 {
		t.Errorf("trend has %d points, want the one recorded after the sync", got)
	}
	test.Tap(v.Back)
	if v.Content().Visible() || !tab.main.Visible() {
		t.Error("Back to clients did not return to the list")
	}
}

func TestFindingSideBySideAndNotAProblem(t *testing.T) {
	tab, v, p := healthRig(t)
	tab.Filter.SetSelected(dataProblems)
	v.ChooseCheck(health.CheckDuplicate)
	if len(v.Shown()) != 1 {
		t.Fatalf("duplicates shown = %d, want 1", len(v.Shown()))
	}
	var opened string
	v.SetOpenURL(func(u *url.URL) error { opened = u.String(); return nil })
	v.ChooseFinding(0)
	cmp := v.Compare.Comparison()
	if len(cmp.Columns) != 2 {
		t.Fatalf("comparison columns = %d, want the two Smiths", len(cmp.Columns))
	}
	marked := map[string]bool{}
	for _, r := range cmp.Rows {
		marked[r.Field] = r.Differs
	}
	if !marked["Name"] || !marked["Phone"] || marked["Email"] {
		t.Errorf("marked fields = %v, want Name and Phone marked, Email not", marked)
	}
	edit := findButton(v.Compare.Grid, "Edit here")
	if edit == nil {
		t.Fatal("no Edit here for a local client that is its own source of truth")
	}
	if findButton(v.Compare.Grid, "Open in XPM") != nil || opened != "" {
		t.Error("Open in XPM offered for clients that are not in XPM")
	}
	test.Tap(v.Compare.Dismiss)
	if len(v.Shown()) != 0 {
		t.Fatal("the finding stayed after Not a problem")
	}
	dis, err := health.Dismissals(context.Background(), p.Store)
	if err != nil || len(dis) != 1 {
		t.Fatalf("dismissals = %v, %v", dis, err)
	}
	for _, d := range dis {
		if d.By != "Jo Tester" {
			t.Errorf("dismissed by %q, want Jo Tester", d.By)
		}
	}
	test.Tap(v.Refresh)
	for _, f := range v.Shown() {
		if f.Check == health.CheckDuplicate {
			t.Error("a dismissed finding came back on Check again with the data unchanged")
		}
	}
}

// findButton finds a button by its text anywhere under o.
func findButton(o fyne.CanvasObject, text string) *widget.Button {
	switch x := o.(type) {
	case *widget.Button:
		if x.Text == text {
			return x
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			if b := findButton(c, text); b != nil {
				return b
			}
		}
	}
	return nil
}
