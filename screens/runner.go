package screens

import (
	"time"

	"fyne.io/fyne/v2"
)

// Runner is how a tab does work off the UI goroutine. Each tab gets one when it is made
// (WithRunner); the app's is Background, and widget tests pass Blocking.
type Runner interface {
	// Run runs work off the UI goroutine, then the func it returns on the UI goroutine.
	Run(work func() (apply func()))
	// After runs fn on the UI goroutine after d: a hint that appears only when work is slow,
	// a countdown's next tick. A Runner that waits drops it (nothing is slow in a test).
	After(d time.Duration, fn func())
	// Waits reports whether Run returns only once apply has run.
	Waits() bool
}

// Background is the app's Runner: work on a goroutine of its own, its result through fyne.Do.
var Background Runner = goRunner{}

// Blocking is the widget tests' Runner: the same goroutine and fyne.Do path as Background, under
// -race, but Run returns only when the work and its result are done, so a tap returns with the
// tab already showing the answer. (Fyne's test driver runs fyne.Do on the calling goroutine.)
var Blocking Runner = waitRunner{}

type goRunner struct{}

func (goRunner) Run(work func() func()) {
	go func() {
		apply := work()
		fyne.Do(apply)
	}()
}

func (goRunner) After(d time.Duration, fn func()) { time.AfterFunc(d, func() { fyne.Do(fn) }) }
func (goRunner) Waits() bool                      { return false }

type waitRunner struct{}

func (waitRunner) Run(work func() func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		apply := work()
		fyne.Do(apply)
	}()
	<-done
}

func (waitRunner) After(time.Duration, func()) {}
func (waitRunner) Waits() bool                 { return true }

// Option sets how a tab is made.
type Option func(*made)

type made struct{ run Runner }

// WithRunner makes the tab do its background work through r.
func WithRunner(r Runner) Option { return func(m *made) { m.run = r } }

// runnerOf is the Runner the options name, Background when none does.
func runnerOf(opts []Option) Runner {
	m := made{run: Background}
	for _, o := range opts {
		o(&m)
	}
	if m.run == nil {
		m.run = Background
	}
	return m.run
}

// background runs work through run and hands its result to apply on the UI goroutine.
func background[T any](run Runner, work func() (T, error), apply func(T, error)) {
	run.Run(func() func() {
		v, err := work()
		return func() { apply(v, err) }
	})
}
