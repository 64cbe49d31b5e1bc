package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Banner is the one-line alert under the tabs, shown only when something needs the user.
type Banner struct {
	Text    *widget.Label
	Action  *widget.Button
	bg      *canvas.Rectangle
	content *fyne.Container
}

// NewBanner builds a hidden banner.
func NewBanner() *Banner {
	b := &Banner{Text: widget.NewLabel(""), bg: canvas.NewRectangle(theme.Color(theme.ColorNameError))}
	// The theme's foreground reads on both the red and the amber background in either theme;
	// the primary blue of HighImportance did not.
	b.Text.TextStyle = fyne.TextStyle{Bold: true}
	b.Text.Wrapping = fyne.TextWrapWord
	b.Action = widget.NewButton("", nil)
	b.content = container.NewStack(b.bg, container.NewBorder(nil, nil, nil, b.Action, b.Text))
	b.content.Hide()
	return b
}

// Content is the banner's root object.
func (b *Banner) Content() fyne.CanvasObject { return b.content }

// Show raises the banner: red when the user must act, amber when it is worth attention.
func (b *Banner) Show(text string, urgent bool, action string, fn func()) {
	if urgent {
		b.bg.FillColor = theme.Color(theme.ColorNameError)
	} else {
		b.bg.FillColor = theme.Color(theme.ColorNameWarning)
	}
	b.Text.SetText(text)
	b.Action.SetText(action)
	b.Action.OnTapped = fn
	b.Action.Hidden = fn == nil
	b.bg.Refresh()
	b.content.Show()
}

// Hide clears the banner.
func (b *Banner) Hide() { b.content.Hide() }

// Visible reports whether the banner is up.
func (b *Banner) Visible() bool { return b.content.Visible() }
