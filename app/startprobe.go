package app

import (
	"fmt"
	"image"
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// startupProbeEnv turns on the start-up probe: XPMSYNC_STARTUP_PROBE=<when the process was
// launched, in Unix nanoseconds> (tools/window-bench.sh sets it). The app then says on
// standard error, once, how long after the launch its window was first drawn.
const startupProbeEnv = "XPMSYNC_STARTUP_PROBE"

// withStartupProbe returns content unchanged unless the probe is on; then it adds a one-pixel
// raster, which the driver generates only when it paints the window: the moment the window is
// on screen, not merely built.
func withStartupProbe(content fyne.CanvasObject) fyne.CanvasObject {
	launched, err := strconv.ParseInt(os.Getenv(startupProbeEnv), 10, 64)
	if err != nil || launched <= 0 {
		return content
	}
	var once sync.Once
	pixel := canvas.NewRaster(func(w, h int) image.Image {
		once.Do(func() {
			took := time.Since(time.Unix(0, launched))
			slog.Info("window drawn", "since_launch", took)
			fmt.Fprintf(os.Stderr, "startup-probe: drawn_ms=%d\n", took.Milliseconds())
			// Processor time is what a busy machine cannot inflate much: the wall time waits.
			fmt.Fprintf(os.Stderr, "startup-probe: drawn_cpu_ms=%d\n", processorTime().Milliseconds())
			startProf.drawn()
		})
		return image.NewNRGBA(image.Rect(0, 0, 1, 1))
	})
	pixel.Resize(fyne.NewSize(1, 1))
	return container.NewStack(content, container.NewWithoutLayout(pixel))
}

// startTrimDelay is how long after the window opens its start-up garbage is handed back.
const startTrimDelay = 5 * time.Second

// trimAfterStart returns the memory the start-up left free to the operating system once the
// window has settled. Go's scavenger would hand it back only over minutes, and an app that sits
// in the tray all day should sit there small.
func trimAfterStart() {
	time.AfterFunc(startTrimDelay, debug.FreeOSMemory)
}

// startupMark says on standard error, when the probe is on, how long after the launch a step of
// the start-up was reached, so a slow start can be told apart step by step.
func startupMark(step string) {
	launched, err := strconv.ParseInt(os.Getenv(startupProbeEnv), 10, 64)
	if err != nil || launched <= 0 {
		return
	}
	fmt.Fprintf(os.Stderr, "startup-probe: %s_ms=%d\n", step, time.Since(time.Unix(0, launched)).Milliseconds())
}
