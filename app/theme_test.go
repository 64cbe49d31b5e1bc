package app

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, bl, _ := c.RGBA()
		f := func(v uint32) float64 {
			x := float64(v) / 0xffff
			if x <= 0.03928 {
				return x / 12.92
			}
			return pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*f(r) + 0.7152*f(g) + 0.0722*f(bl)
	}
	l1, l2 := lum(a), lum(b)
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}

func pow(x, y float64) float64 { return math.Pow(x, y) }

// Muted text must stay readable on the background in both variants (WCAG AA large text: 3:1).
func TestMutedTextIsReadable(t *testing.T) {
	th := newAppTheme()
	for name, variant := range map[string]fyne.ThemeVariant{"light": theme.VariantLight, "dark": theme.VariantDark} {
		fg := th.Color(theme.ColorNameDisabled, variant)
		bg := th.Color(theme.ColorNameBackground, variant)
		if c := contrast(fg, bg); c < 3 {
			t.Fatalf("%s: muted text contrast %.2f, want at least 3", name, c)
		}
	}
}
