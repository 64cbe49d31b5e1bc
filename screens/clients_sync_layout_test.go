package screens

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/model"
)

// In a 900×600 window the Sync differences dialog gives each value room for its longest word and
// wraps between words, so "Chartered" is never broken in two; the columns line up on every row.
func TestSyncDifferencesWrapsValuesBetweenWords(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(900, 600), fyne.NewSize(1280, 800)} {
		r := newClientsRig(t, true)
		r.win.Resize(size)
		long := "Harbourside & Co Chartered Accountants, Level 12 Customhouse Quay"
		x := r.xpmClient(t, model.Client{Name: "Kowhai Chartered Accountants", Address: long, Phone: "04 555 0101"})
		r.localClient(t, model.Client{Name: "Kowhai Chartered Accountants", Address: "12 Customhouse Quay", Phone: "04 555 0202"}, x.UUID)
		r.tab.Reload()
		r.choose(t, "Kowhai Chartered Accountants")
		test.Tap(r.tab.Detail.Sync)
		dlg := r.tab.SyncDlg()
		if dlg == nil || len(dlg.Rows) != 2 {
			t.Fatalf("%v: sync dialog %+v", size, dlg)
		}
		word := fyne.MeasureText("Customhouse", theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding()
		var left float32 = -1
		for _, row := range dlg.Rows {
			for _, l := range []*widget.Label{row.Here, row.XPM} {
				if l.Wrapping != fyne.TextWrapWord {
					t.Errorf("%v: %s wraps with %v, want at word boundaries", size, row.Diff.Field.Label, l.Wrapping)
				}
				if l.Size().Width < word {
					t.Errorf("%v: %s value is %.0f px wide, less than one long word (%.0f)", size, row.Diff.Field.Label, l.Size().Width, word)
				}
			}
			if left >= 0 && row.XPM.Position().X != left {
				t.Errorf("%v: XPM column starts at %.0f on %s, %.0f above", size, row.XPM.Position().X, row.Diff.Field.Label, left)
			}
			left = row.XPM.Position().X
			if strings.Contains(row.XPM.Text, "Chartered") && row.XPM.MinSize().Height <= row.Dir.MinSize().Height {
				t.Errorf("%v: the long XPM value is on one line of %.0f px: it cannot fit without wrapping", size, row.XPM.Size().Width)
			}
		}
	}
}
