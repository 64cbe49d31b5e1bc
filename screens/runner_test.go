package screens

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// The app's runner never holds up the caller: the work runs on a goroutine of its own and its
// result comes back through fyne.Do.
func TestBackgroundRunsOffTheCallersGoroutine(t *testing.T) {
	test.NewTempApp(t)
	release, applied := make(chan struct{}), make(chan struct{})
	Background.Run(func() func() {
		<-release // the caller would deadlock here if the work ran on its goroutine
		return func() { close(applied) }
	})
	close(release)
	select {
	case <-applied:
	case <-time.After(5 * time.Second):
		t.Fatal("the result never came back")
	}
	if Background.Waits() {
		t.Fatal("Background says it waits")
	}
}

// The tests' runner takes the same path but returns only once the result is applied.
func TestBlockingWaitsForTheResult(t *testing.T) {
	test.NewTempApp(t)
	var got []string
	Blocking.Run(func() func() {
		got = append(got, "work")
		return func() { got = append(got, "apply") }
	})
	if len(got) != 2 || got[0] != "work" || got[1] != "apply" || !Blocking.Waits() {
		t.Fatalf("ran %v", got)
	}
	Blocking.After(time.Millisecond, func() { t.Error("a waiting runner ran a timer") })
	time.Sleep(20 * time.Millisecond)
	if runnerOf(nil) != Background || runnerOf([]Option{WithRunner(Blocking)}) != Blocking {
		t.Fatal("options pick the wrong runner")
	}
}
