package app

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"runtime/trace"
	"strings"
	"sync"
	"time"
)

// startupProfileEnv names a folder for a profile of the start-up (a developer's tool, used with
// the start-up probe): cpu.pprof covers app start to the first drawn frame (and trace.out too,
// with XPMSYNC_STARTUP_TRACE=1), and heap.pprof and memory.txt are written once the window has
// idled for startProfileIdle.
const startupProfileEnv = "XPMSYNC_STARTUP_PROFILE"

// startProfileIdle is how long after the first frame the heap is written: past the start-up trim.
const startProfileIdle = 8 * time.Second

// startupProfile records the start-up when startupProfileEnv names a folder; the zero value
// (no folder) does nothing.
type startupProfile struct {
	dir   string
	once  sync.Once
	cpu   *os.File
	trace *os.File
}

var startProf startupProfile

// begin starts the processor profile and the execution trace.
func (p *startupProfile) begin() {
	p.dir = os.Getenv(startupProfileEnv)
	if p.dir == "" {
		return
	}
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		slog.Warn("start-up profile", "err", err)
		p.dir = ""
		return
	}
	if f, err := os.Create(filepath.Join(p.dir, "cpu.pprof")); err == nil && pprof.StartCPUProfile(f) == nil {
		p.cpu = f
	}
	if os.Getenv("XPMSYNC_STARTUP_TRACE") != "1" {
		return
	}
	if f, err := os.Create(filepath.Join(p.dir, "trace.out")); err == nil && trace.Start(f) == nil {
		p.trace = f
	}
}

// drawn stops the profile and trace at the first frame and writes the heap once idle.
func (p *startupProfile) drawn() {
	if p.dir == "" {
		return
	}
	p.once.Do(func() {
		if p.cpu != nil {
			pprof.StopCPUProfile()
			p.cpu.Close()
		}
		if p.trace != nil {
			trace.Stop()
			p.trace.Close()
		}
		time.AfterFunc(startProfileIdle, p.writeMemory)
	})
}

// writeMemory writes the live heap and the runtime's memory figures.
func (p *startupProfile) writeMemory() {
	if f, err := os.Create(filepath.Join(p.dir, "heap.pprof")); err == nil {
		runtime.GC()
		_ = pprof.WriteHeapProfile(f)
		f.Close()
	}
	f, err := os.Create(filepath.Join(p.dir, "memory.txt"))
	if err != nil {
		return
	}
	defer f.Close()
	descs := metrics.All()
	samples := make([]metrics.Sample, 0, len(descs))
	for _, d := range descs {
		if d.Kind == metrics.KindUint64 && strings.HasPrefix(d.Name, "/memory/classes/") {
			samples = append(samples, metrics.Sample{Name: d.Name})
		}
	}
	metrics.Read(samples)
	for _, s := range samples {
		fmt.Fprintf(f, "%-60s %8.1f MB\n", s.Name, float64(s.Value.Uint64())/(1<<20))
	}
}
