// Command genicon draws the XPM Sync app icon (a rounded teal square with a
// white two-arrow sync mark) and writes it as a 512×512 PNG.
//
// The icon is generated rather than hand-drawn so it can be regenerated
// exactly and reviewed as code: go run ./tools/genicon -o assets/icon.png
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
)

const (
	size    = 512
	margin  = 24.0  // transparent border, so the square does not touch the edge in docks
	corner  = 104.0 // corner radius of the rounded square
	ringR   = 128.0 // centre-line radius of the sync arcs
	ringW   = 36.0  // stroke width of the arcs
	headLen = 70.0  // arrowhead length along the arc's tangent
	headW   = 58.0  // arrowhead half-width across the arc
	samples = 4     // supersampling per axis, for smooth edges
)

var (
	teal1 = color.NRGBA{0x17, 0xA8, 0xA6, 0xFF} // top of the gradient
	teal2 = color.NRGBA{0x0B, 0x6E, 0x7A, 0xFF} // bottom of the gradient
	white = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
)

func main() {
	out := flag.String("o", "assets/icon.png", "where to write the PNG")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "genicon:", err)
		os.Exit(1)
	}
}

func write(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create icon file: %w", err)
	}
	if err := png.Encode(f, draw()); err != nil {
		f.Close()
		return fmt.Errorf("encode icon: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write icon: %w", err)
	}
	return nil
}

// draw renders the icon by supersampling two coverage functions: the
// rounded square (background) and the sync mark (foreground).
func draw() *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			var bg, fg float64
			for sy := 0; sy < samples; sy++ {
				for sx := 0; sx < samples; sx++ {
					px := float64(x) + (float64(sx)+0.5)/samples
					py := float64(y) + (float64(sy)+0.5)/samples
					if inRoundedSquare(px, py) {
						bg++
						if inSyncMark(px, py) {
							fg++
						}
					}
				}
			}
			n := float64(samples * samples)
			if bg == 0 {
				continue
			}
			base := lerp(teal1, teal2, float64(y)/size)
			c := lerp(base, white, fg/bg)
			c.A = uint8(math.Round(255 * bg / n))
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

func inRoundedSquare(x, y float64) bool {
	lo, hi := margin, size-margin
	if x < lo || x > hi || y < lo || y > hi {
		return false
	}
	// Distance to the nearest corner centre only matters inside the corner boxes.
	cx := math.Max(lo+corner-x, math.Max(0, x-(hi-corner)))
	cy := math.Max(lo+corner-y, math.Max(0, y-(hi-corner)))
	if cx <= 0 || cy <= 0 {
		return true
	}
	return cx*cx+cy*cy <= corner*corner
}

// inSyncMark reports whether the point lies on one of the two clockwise
// arcs or their arrowheads. Angles are measured clockwise from +x because
// image y grows downwards.
func inSyncMark(x, y float64) bool {
	const c = size / 2.0
	dx, dy := x-c, y-c
	r := math.Hypot(dx, dy)
	a := math.Atan2(dy, dx) * 180 / math.Pi
	if a < 0 {
		a += 360
	}
	onRing := math.Abs(r-ringR) <= ringW/2
	// Upper arc runs from the left round to the upper right; the lower arc
	// mirrors it, so the pair reads as "round and back again".
	if onRing && ((a >= 190 && a <= 318) || (a >= 10 && a <= 138)) {
		return true
	}
	for _, end := range []float64{318, 138} {
		if inHead(x, y, c, end) {
			return true
		}
	}
	return false
}

// inHead tests the arrowhead at angle deg (degrees), pointing clockwise.
func inHead(x, y, c, deg float64) bool {
	t := deg * math.Pi / 180
	nx, ny := math.Cos(t), math.Sin(t) // outward normal
	tx, ty := -ny, nx                  // clockwise tangent
	px, py := c+ringR*nx, c+ringR*ny
	tip := [2]float64{px + headLen*tx, py + headLen*ty}
	b1 := [2]float64{px + headW*nx, py + headW*ny}
	b2 := [2]float64{px - headW*nx, py - headW*ny}
	return inTriangle([2]float64{x, y}, tip, b1, b2)
}

func inTriangle(p, a, b, c [2]float64) bool {
	s := func(p1, p2, p3 [2]float64) float64 {
		return (p1[0]-p3[0])*(p2[1]-p3[1]) - (p2[0]-p3[0])*(p1[1]-p3[1])
	}
	d1, d2, d3 := s(p, a, b), s(p, b, c), s(p, c, a)
	neg := d1 < 0 || d2 < 0 || d3 < 0
	pos := d1 > 0 || d2 > 0 || d3 > 0
	return !(neg && pos)
}

func lerp(a, b color.NRGBA, t float64) color.NRGBA {
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*t)) }
	return color.NRGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 0xFF}
}
