package screens

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/health"
	"xpmsync/core/words"
)

func (v *HealthView) summaryLen() int {
	if len(v.counts) == 0 {
		return 0
	}
	return len(v.counts) + 1
}

func (v *HealthView) newSummaryRow() fyne.CanvasObject {
	name := widget.NewLabel("")
	name.Truncation = fyne.TextTruncateEllipsis
	n := widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	return container.NewBorder(nil, nil, nil, n, name)
}

func (v *HealthView) updateSummaryRow(i widget.ListItemID, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	name, n := c.Objects[0].(*widget.Label), c.Objects[1].(*widget.Label)
	if i == 0 {
		name.SetText("All problems")
		n.SetText(words.Thousands(len(v.review.Open)))
		return
	}
	if i-1 < len(v.counts) {
		name.SetText(v.counts[i-1].Check.Name)
		n.SetText(words.Thousands(v.counts[i-1].N))
	}
}

func (v *HealthView) onCheckChosen(i widget.ListItemID) {
	if i <= 0 || i-1 >= len(v.counts) {
		v.showCheck("")
		return
	}
	v.showCheck(v.counts[i-1].Check.ID)
}

// ChooseCheck lists the findings of one check, as choosing its summary row does (tests).
func (v *HealthView) ChooseCheck(id string) {
	for i, c := range v.counts {
		if c.Check.ID == id {
			v.Summary.Select(i + 1)
			return
		}
	}
	v.Summary.Select(0)
}

func (v *HealthView) newFindingRow() fyne.CanvasObject {
	head := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Truncation = fyne.TextTruncateEllipsis
	why := widget.NewLabel("")
	why.Truncation = fyne.TextTruncateEllipsis
	return container.New(layout.NewCustomPaddedVBoxLayout(0), head, why)
}

func (v *HealthView) updateFindingRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(v.shown) {
		return
	}
	f := v.shown[i]
	c := o.(*fyne.Container)
	c.Objects[0].(*widget.Label).SetText(findingTitle(f))
	why := health.CheckByID(f.Check).Name + ": " + f.Reason
	if f.Value != "" && f.Check != health.CheckDuplicate {
		why += " — “" + oneLine(f.Value, 60) + "”"
	}
	c.Objects[1].(*widget.Label).SetText(why)
}

// findingTitle names the clients of a finding: "Smith & Co  ·  Smith and Co Pty Ltd".
func findingTitle(f health.Finding) string {
	names := make([]string, 0, len(f.Clients))
	for _, c := range f.Clients {
		n := strings.TrimSpace(c.Name)
		if n == "" {
			n = "(no name)"
		}
		names = append(names, n)
	}
	return strings.Join(names, "  ·  ")
}

// oneLine squeezes a value onto one line of at most n characters.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func (v *HealthView) onFindingChosen(i widget.ListItemID) {
	if i < 0 || i >= len(v.shown) {
		return
	}
	v.Compare.show(v.shown[i])
}

// ChooseFinding opens the i-th listed finding side by side, as choosing it does (tests).
func (v *HealthView) ChooseFinding(i int) { v.Findings.Select(i) }
