package screens

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/linking"
	"xpmsync/core/problem"
	"xpmsync/core/view"
)

// choices are the ticked rows of the Sync dialog; clear names the fields the user confirmed
// may be cleared in XPM.
func (s *SyncDialog) choices(clear map[string]bool) []linking.Choice {
	var out []linking.Choice
	for _, r := range s.Rows {
		if !r.Check.Checked {
			continue
		}
		ch := linking.Choice{Key: r.Diff.Field.Key, Dir: linking.ToLocal}
		if r.ToXPM {
			seen := r.Diff.Field.Get(&s.xpm)
			ch.Dir, ch.Seen, ch.Clear = linking.ToXPM, &seen, clear[r.Diff.Field.Label]
		}
		out = append(out, ch)
	}
	return out
}

func (t *ClientsTab) applySync(s *SyncDialog) { t.applySyncWith(s, nil) }

func (t *ClientsTab) applySyncWith(s *SyncDialog, clear map[string]bool) {
	choices := s.choices(clear)
	if len(choices) == 0 {
		return
	}
	s.Apply.Disable()
	s.Status.SetText("Applying…")
	background(t.bg, func() (linking.SyncResult, error) {
		return t.be.ApplySync(context.Background(), s.id, choices)
	}, func(res linking.SyncResult, err error) {
		var ce *linking.ClearError
		var cs *view.ChangedSinceError
		switch {
		case errors.As(err, &ce):
			t.confirmClear(s, ce.Labels)
		case errors.As(err, &cs):
			t.askAgain(s, cs.Words)
		case err != nil:
			s.Status.SetText(problem.Words(err))
			s.Status.Importance = widget.DangerImportance
			s.Status.Refresh()
			s.Apply.Enable()
		default:
			s.dlg.Hide()
			t.syncDlg = nil
			t.notify(syncWords(res), widget.SuccessImportance)
			t.reloadAfterAction()
			t.Detail.reshow()
		}
	})
}

func syncWords(res linking.SyncResult) string {
	var parts []string
	if len(res.ToLocal) > 0 {
		parts = append(parts, "taken from XPM: "+strings.Join(res.ToLocal, ", "))
	}
	switch {
	case len(res.ToXPM) > 0 && res.Waiting:
		parts = append(parts, "waiting to send to XPM: "+strings.Join(res.ToXPM, ", ")+" (sent when XPM can be reached)")
	case len(res.ToXPM) > 0:
		parts = append(parts, "sent to XPM: "+strings.Join(res.ToXPM, ", "))
	}
	return "Synced — " + strings.Join(parts, "; ") + "."
}

// confirmClear names the fields whose blank value would wipe XPM's, before anything is sent.
func (t *ClientsTab) confirmClear(s *SyncDialog, labels []string) {
	s.Status.SetText("Nothing was changed yet.")
	s.Apply.Enable()
	msg := "These fields are blank here, so sending them clears what XPM has:\n\n" + strings.Join(labels, ", ") +
		"\n\nClear them in XPM? To fill them here instead, choose XPM >> here."
	cnf := dialog.NewConfirm("Clear in XPM?", msg, func(ok bool) {
		if !ok {
			return
		}
		clear := map[string]bool{}
		for _, l := range labels {
			clear[l] = true
		}
		t.applySyncWith(s, clear)
	}, t.window())
	cnf.SetConfirmText("Clear in XPM")
	cnf.SetDismissText("Keep XPM's values")
	cnf.SetConfirmImportance(widget.DangerImportance)
	s.clearConfirm = cnf
	cnf.Show()
}

// askAgain shows XPM's new values: the dialog is opened again on the client as it is now.
func (t *ClientsTab) askAgain(s *SyncDialog, words string) {
	s.dlg.Hide()
	t.syncDlg = nil
	id := s.id
	background(t.bg, func() (linking.Detail, error) {
		return t.be.DetailOf(context.Background(), t.Detail.cur.Key)
	}, func(det linking.Detail, err error) {
		t.Detail.render(det)
		if err != nil || det.Local == nil || det.Local.ID != id || len(det.Diffs) == 0 {
			t.notify(words, widget.WarningImportance)
			return
		}
		t.showSync(det)
		if t.syncDlg != nil {
			t.syncDlg.Status.SetText(words)
			t.syncDlg.Status.Importance = widget.WarningImportance
			t.syncDlg.Status.Refresh()
		}
	})
}

// editNote is the edit form's line about where the changes go.
func editNote(lc view.LocalClient) string {
	if lc.XPMUUID != "" {
		return "Saved here at once; changes go to XPM as your sync settings say. Greyed fields (email, website, tax and company numbers, business structure and the like) always come from XPM: change them there."
	}
	return "Saved here at once. For a linked client, changes go to XPM as your sync settings say."
}
