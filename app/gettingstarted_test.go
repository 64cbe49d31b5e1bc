package app

import "testing"

// Getting started opens by itself on the first start only, and from Help at any time.
func TestGettingStartedShownOnceThenFromHelp(t *testing.T) {
	w, _ := bareWindow(t)
	w.Win.Resize(w.Win.Canvas().Size().Max(w.Win.Content().MinSize()))
	w.showGettingStartedOnce()
	if w.gettingStarted == nil || len(w.Win.Canvas().Overlays().List()) != 1 {
		t.Fatal("Getting started did not open on the first start")
	}
	w.gettingStarted.Hide()
	w.showGettingStartedOnce()
	if len(w.Win.Canvas().Overlays().List()) != 0 {
		t.Fatal("Getting started opened again on a later start")
	}
	w.addMenu(nil)
	for _, m := range w.Win.MainMenu().Items {
		for _, it := range m.Items {
			if m.Label == "Help" && it.Label == "Getting started" {
				it.Action()
			}
		}
	}
	if len(w.Win.Canvas().Overlays().List()) != 1 {
		t.Fatal("Help → Getting started did not open it")
	}
}
