package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// appTheme is Fyne's theme, following the OS's light or dark choice, with one change: Fyne draws
// low-importance text (an email under a client's name, "available again in 3:12") in the disabled
// colour, which on a light background is almost white. Bookkeepers must be able to read it.
type appTheme struct{ fyne.Theme }

func newAppTheme() fyne.Theme { return appTheme{theme.DefaultTheme()} }

var (
	mutedLight = color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}
	mutedDark  = color.NRGBA{R: 0x8c, G: 0x8c, B: 0x8c, A: 0xff}
)

// Color returns the default colours, with readable muted text.
func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameDisabled {
		if v == theme.VariantLight {
			return mutedLight
		}
		return mutedDark
	}
	return t.Theme.Color(n, v)
}
