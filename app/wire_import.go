package app

import (
	"context"
	"fmt"
	"log/slog"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"xpmsync/core/importer"
	"xpmsync/screens"
)

// Importer imports client details, people and entities from XPM for review (seed 004); one per
// Services, made on first use.
func (s *Services) Importer() *importer.Importer {
	s.importerOnce.Do(func() { s.importer = importer.New(s.Store, s.importAPI, importer.Options{}) })
	return s.importer
}

// importAPI is the current XPM connection, or a nil interface (not a nil *xpm.Client) when
// there is none, so the importer can tell.
func (s *Services) importAPI() importer.API {
	if api := s.API(); api != nil {
		return api
	}
	return nil
}

// StartImport is "Import items from XPM" for one linked client or a selection: a warning
// first, then the import with progress and Cancel, then the way to review what it found.
// Call on the UI goroutine.
func (w *Window) StartImport(svc *Services, clientIDs []int64) {
	if len(clientIDs) == 0 {
		return
	}
	ids := append([]int64(nil), clientIDs...)
	go func() {
		what := fmt.Sprintf("%d clients", len(ids))
		if len(ids) == 1 {
			what = "this client"
			if lc, err := svc.Store.Client(svc.Ctx(), ids[0]); err == nil {
				what = lc.Client.Name
			}
		}
		fyne.Do(func() { w.showImportStart(svc, ids, what) })
	}()
}

func (w *Window) showImportStart(svc *Services, ids []int64, what string) {
	s := screens.NewImportStart(svc.Importer(), ids, what)
	s.Ctx = svc.Ctx()
	s.OnReview = func(clientID int64) { w.OpenImportReview(svc, clientID) }
	s.OnProgressTab = w.showProgressTab
	s.OnDone = func(sum importer.Summary, err error) {
		slog.Info("import from XPM finished", "clients", len(sum.Clients), "pending", sum.Pending(), "err", err)
		w.importChanged()
	}
	s.Show(w.Win)
}

// OpenImportReview shows "Review new items" for one client, or for every client when
// clientID is 0 (the Integration Progress tab's link). Call on the UI goroutine.
func (w *Window) OpenImportReview(svc *Services, clientID int64) {
	go func() {
		name := ""
		if clientID != 0 {
			lc, err := svc.Store.Client(context.WithoutCancel(svc.Ctx()), clientID)
			if err != nil {
				slog.Warn("review new items: client not readable", "client", clientID, "err", err)
			}
			name = lc.Client.Name
		}
		fyne.Do(func() { w.showImportReview(svc, clientID, name) })
	}()
}

func (w *Window) showImportReview(svc *Services, clientID int64, name string) {
	r := screens.NewImportReview(svc.Importer(), clientID, name)
	r.Window = w.Win
	d := dialog.NewCustomWithoutButtons("Review new items", r.Content(), w.Win)
	r.OnClose = d.Hide
	r.OnChanged = w.importChanged
	size := w.Win.Canvas().Size()
	d.Resize(fyne.NewSize(min(980, size.Width-40), min(640, size.Height-40)))
	d.Show()
	r.Reload()
}

// importChanged refreshes what shows imports: the history, its review count and the clients.
func (w *Window) importChanged() {
	if w.Progress != nil {
		w.Progress.Reload()
	}
	if w.Clients != nil {
		w.reloadClients()
	}
}

// showProgressTab selects the Integration Progress tab.
func (w *Window) showProgressTab() { w.showTab(tabProgress) }
