package screens

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/health"
	"xpmsync/core/linking"
	"xpmsync/core/problem"
)

// HealthCompare shows the chosen finding's clients side by side, differing fields marked, with
// what the user can do about it.
type HealthCompare struct {
	bg Runner // its background work (WithRunner)

	v       *HealthView
	Title   *widget.Label
	Reason  *widget.Label
	Grid    *fyne.Container
	Dismiss *widget.Button

	cur     health.Finding
	cmp     health.Comparison
	seq     int
	content fyne.CanvasObject
}

func newHealthCompare(v *HealthView) *HealthCompare {
	c := &HealthCompare{bg: v.bg, v: v}
	c.Title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.Reason = widget.NewLabel("")
	c.Reason.Wrapping = fyne.TextWrapWord
	c.Grid = container.NewVBox()
	c.Dismiss = widget.NewButtonWithIcon("Not a problem", theme.ConfirmIcon(), c.onDismiss)
	c.Dismiss.Hide()
	head := container.NewVBox(c.Title, c.Reason)
	c.content = container.NewBorder(head, container.NewHBox(c.Dismiss), nil, nil, container.NewVScroll(c.Grid))
	return c
}

// Comparison is what the panel shows now (tests).
func (c *HealthCompare) Comparison() health.Comparison { return c.cmp }

func (c *HealthCompare) clear(n int) {
	c.seq++
	c.cur, c.cmp = health.Finding{}, health.Comparison{}
	c.Title.SetText("")
	c.Reason.SetText("")
	if n > 0 {
		c.Reason.SetText("Choose a finding to see its clients side by side.")
	}
	c.Grid.Objects = nil
	c.Grid.Refresh()
	c.Dismiss.Hide()
}

// show reads the finding's clients off the UI goroutine and lays them out.
func (c *HealthCompare) show(f health.Finding) {
	c.seq++
	seq := c.seq
	c.cur = f
	check := health.CheckByID(f.Check)
	c.Title.SetText(check.Name)
	c.Reason.SetText(check.Explain + " " + sentence(f.Reason))
	c.Dismiss.Show()
	background(c.bg, func() ([]linking.Detail, error) {
		var dets []linking.Detail
		for _, ref := range f.Clients {
			d, err := c.v.be.DetailOf(context.Background(), ref.Row)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", ref.Name, err)
			}
			dets = append(dets, d)
		}
		return dets, nil
	}, func(dets []linking.Detail, err error) {
		if seq != c.seq {
			return
		}
		if err != nil {
			c.Reason.SetText("Could not read the clients: " + problem.Words(err))
			return
		}
		c.cmp = health.Compare(dets)
		c.render(f)
	})
}

// sentence makes a reason a sentence: capital first, full stop last.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	r := []rune(s)
	s = strings.ToUpper(string(r[0])) + string(r[1:])
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// render lays the clients out in columns: their names and what can be done to each, then one
// block per field — its name, then each client's value — with differing values marked.
func (c *HealthCompare) render(f health.Finding) {
	n := len(c.cmp.Columns)
	var heads []fyne.CanvasObject
	for _, col := range c.cmp.Columns {
		name := widget.NewLabelWithStyle(col.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		name.Wrapping = fyne.TextWrapWord
		heads = append(heads, container.NewVBox(name, caption(col.Side), c.actions(col)))
	}
	rows := []fyne.CanvasObject{container.NewGridWithColumns(n, heads...), widget.NewSeparator()}
	for _, row := range c.cmp.Rows {
		mark := row.Differs || (n == 1 && strings.HasPrefix(f.Field, row.Field))
		title := caption(row.Field)
		var vals []fyne.CanvasObject
		for _, val := range row.Values {
			l := widget.NewLabel(orDash(val))
			l.Wrapping = fyne.TextWrapBreak
			if mark {
				l.Importance, l.TextStyle.Bold = widget.WarningImportance, true
			}
			vals = append(vals, l)
		}
		if mark {
			title.SetText("≠ " + row.Field + differsWord(n))
			title.Importance = widget.WarningImportance
		}
		rows = append(rows, container.New(layout.NewCustomPaddedVBoxLayout(0), title, container.NewGridWithColumns(n, vals...)))
	}
	c.Grid.Objects = rows
	c.Grid.Refresh()
}

// differsWord says why a field is marked: it differs between the clients, or it is the one at fault.
func differsWord(n int) string {
	if n == 1 {
		return " — the field at fault"
	}
	return " — differs"
}

func caption(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Importance = widget.LowImportance
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// actions are what can be done to one client: open it in XPM where it lives, or edit it here
// when this record is the source of truth.
func (c *HealthCompare) actions(col health.Column) fyne.CanvasObject {
	box := container.NewHBox()
	if col.WebURL != "" {
		web := col.WebURL
		box.Add(widget.NewButtonWithIcon("Open in XPM", theme.ComputerIcon(), func() { c.openXPM(web) }))
	}
	if col.Editable && col.LocalID != 0 && c.v.OnEdit != nil {
		id := col.LocalID
		box.Add(widget.NewButtonWithIcon("Edit here", theme.DocumentCreateIcon(), func() { c.v.OnEdit(id) }))
	}
	return box
}

func (c *HealthCompare) openXPM(raw string) {
	u, err := url.Parse(raw)
	if err == nil {
		open := c.v.openFn
		if open == nil {
			open = fyne.CurrentApp().OpenURL
		}
		err = open(u)
	}
	if err != nil {
		c.Reason.SetText(openFailedWords("the client's XPM page", raw, err))
	}
}

// onDismiss remembers "Not a problem" for the finding and takes it off the list.
func (c *HealthCompare) onDismiss() {
	f := c.cur
	if f.Check == "" {
		return
	}
	c.Dismiss.Disable()
	background(c.bg, func() (struct{}, error) {
		return struct{}{}, c.v.be.Dismiss(context.Background(), f, c.v.who)
	}, func(_ struct{}, err error) {
		c.Dismiss.Enable()
		if err != nil {
			c.Reason.SetText("Could not remember this: " + problem.Words(err))
			return
		}
		c.v.dismissed(f)
	})
}
