// Package assets embeds the files the app ships inside its binary, so the
// window, tray and About dialog show the icon without any file next to the exe.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

// IconPNG is the 512×512 app icon as PNG bytes (regenerate with
// `go run ./tools/genicon -o assets/icon.png`).
//
//go:embed icon.png
var IconPNG []byte

// Icon is the app icon as a Fyne resource, for the window, tray and dialogs.
var Icon fyne.Resource = fyne.NewStaticResource("icon.png", IconPNG)
