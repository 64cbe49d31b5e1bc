package assets

import (
	"bytes"
	"image/png"
	"testing"
)

func TestIconIsSquarePNG(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(IconPNG))
	if err != nil {
		t.Fatalf("embedded icon is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 512 || b.Dy() != 512 {
		t.Fatalf("icon is %dx%d, want 512x512 (packagers need a large square)", b.Dx(), b.Dy())
	}
	// Corners must be transparent so docks show the rounded square, not a box.
	if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
		t.Errorf("top-left corner alpha = %d, want transparent", a)
	}
	if _, _, _, a := img.At(256, 40).RGBA(); a == 0 {
		t.Errorf("inside of the square is transparent")
	}
}

func TestIconResourceCarriesBytes(t *testing.T) {
	if Icon.Name() != "icon.png" || !bytes.Equal(Icon.Content(), IconPNG) {
		t.Fatalf("Icon resource = %q with %d bytes, want icon.png with the embedded bytes", Icon.Name(), len(Icon.Content()))
	}
}
