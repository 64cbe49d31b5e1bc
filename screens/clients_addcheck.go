package screens

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/linking"
	"xpmsync/core/model"
	"xpmsync/core/view"
)

// LikelyDialog shows the clients a client being added or renamed may duplicate, before it is
// saved (the same check Create in XPM runs, moved to where the duplicate is typed).
type LikelyDialog struct {
	Likely    linking.Likely
	Opens     []*widget.Button // "Open that client": local matches, then XPM matches
	Links     []*widget.Button // "Link to it", one per XPM match (disabled when linked elsewhere)
	AddAnyway *widget.Button
	dlg       dialog.Dialog
}

// LikelyDlg is the open duplicate warning (nil when none is open).
func (t *ClientsTab) LikelyDlg() *LikelyDialog { return t.likelyDlg }

// sameIdentity says whether an edit left the name and email (what the check compares) alone.
func sameIdentity(a, b model.Client) bool {
	return linking.NormalizeName(a.Name) == linking.NormalizeName(b.Name) &&
		linking.NormalizeEmail(a.Email) == linking.NormalizeEmail(b.Email)
}

// checkThenSave looks for likely duplicates and saves only when there are none or the user
// says so; a failed check does not block saving here, it is said and the save goes on.
func (t *ClientsTab) checkThenSave(e *EditDialog, lc view.LocalClient) {
	e.Problem.SetText("Checking for a client with the same name or email…")
	e.Problem.Importance = widget.MediumImportance
	e.Problem.Show()
	background(func() (linking.Likely, error) {
		return t.be.LikelyDuplicates(context.Background(), lc)
	}, func(l linking.Likely, err error) {
		e.Problem.Importance = widget.DangerImportance
		e.Problem.Hide()
		if err != nil || !l.Any() {
			t.commitEdit(e, lc, nil)
			return
		}
		e.Save.Enable()
		t.showLikely(e, lc, l)
	})
}

func (t *ClientsTab) showLikely(e *EditDialog, lc view.LocalClient, l linking.Likely) {
	ld := &LikelyDialog{Likely: l}
	list := container.NewVBox()
	listed := map[int64]bool{}
	for _, d := range l.Local {
		open := t.likelyOpen(ld, e, d.ID)
		where := "a client here"
		if d.XPMUUID != "" {
			where = "a client here, linked to XPM"
		}
		list.Add(likelyRow(joinNonEmpty(" · ", d.Name, d.Email, d.Reason, where), open))
		listed[d.ID] = true
	}
	for _, d := range l.XPM {
		if d.LinkedTo != 0 && listed[d.LinkedTo] {
			continue // the same client, already listed above with its way to open it
		}
		link := widget.NewButtonWithIcon("Link to it", theme.ConfirmIcon(), nil)
		uuid := d.Client.UUID
		link.OnTapped = func() {
			t.closeLikely(ld)
			t.commitEdit(e, lc, func(ctx context.Context, saved view.LocalClient) error {
				return t.be.Link(ctx, saved.ID, uuid)
			})
		}
		why := joinNonEmpty(" · ", d.Client.Name, d.Client.Email, d.Reason, "in XPM")
		var open *widget.Button
		if d.LinkedTo != 0 {
			link.Disable()
			why += " — linked to a client here"
			open = t.likelyOpen(ld, e, d.LinkedTo)
		}
		if lc.XPMUUID != "" {
			link.Disable() // already linked: it cannot be linked to a second XPM client
		}
		ld.Links = append(ld.Links, link)
		list.Add(likelyRow(why, link, open))
	}
	ld.AddAnyway = widget.NewButton("Add anyway", func() {
		t.closeLikely(ld)
		t.commitEdit(e, lc, nil)
	})
	t.likelyDlg = ld
	t.openLikely(ld, lc, list)
}

func (t *ClientsTab) openLikely(ld *LikelyDialog, lc view.LocalClient, list *fyne.Container) {
	text := "These clients have the same name (ignoring case, punctuation and “&” or “and”) or the same email. Open one instead, link this client to the one in XPM, or add it anyway."
	if ld.Likely.Offline {
		text += " XPM could not be asked, so only the XPM clients already read are checked."
	}
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	cancel := widget.NewButtonWithIcon("Back to the form", theme.CancelIcon(), func() { t.closeLikely(ld) })
	d := dialog.NewCustomWithoutButtons("Is "+lc.Client.Name+" already here?", container.NewBorder(msg, nil, nil, nil, container.NewVScroll(list)), t.window())
	d.SetButtons([]fyne.CanvasObject{cancel, ld.AddAnyway})
	ld.dlg = d
	d.Resize(fyne.NewSize(640, 380))
	d.Show()
}

func (t *ClientsTab) closeLikely(ld *LikelyDialog) {
	ld.dlg.Hide()
	t.likelyDlg = nil
}

// likelyOpen is an "Open that client" button: it drops the form unsaved and shows the client.
func (t *ClientsTab) likelyOpen(ld *LikelyDialog, e *EditDialog, id int64) *widget.Button {
	b := widget.NewButtonWithIcon("Open that client", theme.NavigateNextIcon(), func() {
		t.closeLikely(ld)
		e.dlg.Hide()
		t.editDlg = nil
		t.OpenClient(id)
	})
	ld.Opens = append(ld.Opens, b)
	return b
}

func likelyRow(text string, buttons ...*widget.Button) fyne.CanvasObject {
	info := widget.NewLabel(text)
	info.Wrapping = fyne.TextWrapWord
	box := container.NewHBox()
	for _, b := range buttons {
		if b != nil {
			box.Add(b)
		}
	}
	return container.NewBorder(nil, nil, nil, box, info)
}
