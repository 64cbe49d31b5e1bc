//go:build linux

package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"xpmsync/core/instance"
	"xpmsync/core/store"
)

// Quitting must always end cleanly, also where there is no D-Bus session bus (a plain X
// session, a remote desktop, a kiosk, Xvfb): the tray used to half-start there and panic on the
// way out. These run the built app in a virtual display with no session bus.
func TestQuitEndsCleanlyWithoutSessionBus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the app")
	}
	if _, err := exec.LookPath("Xvfb"); err != nil {
		t.Skip("Xvfb is not installed (apt-get install xvfb)")
	}
	bin := buildApp(t)
	display := startXvfb(t)

	t.Run("SIGTERM during the demo's first sync", func(t *testing.T) {
		dir := t.TempDir()
		app, out := startApp(t, bin, display, dir, "--demo", "--demo-clients", "60")
		waitForLog(t, dir, "window shown")
		if err := app.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		assertCleanExit(t, app, out, dir)
	})

	t.Run("File menu Quit, after tab shortcuts typed in a text box", func(t *testing.T) {
		if _, err := exec.LookPath("xdotool"); err != nil {
			t.Skip("xdotool is not installed")
		}
		dir := t.TempDir()
		app, out := startApp(t, bin, display, dir)
		waitForLog(t, dir, "window shown")
		wid := strings.Fields(xdotool(t, display, "search", "--sync", "--name", "^XPM Sync"))[0]
		xdotool(t, display, "windowfocus", "--sync", wid)
		// A first start shows Getting started, its Close button focused.
		waitForLog(t, dir, "getting started shown")
		xdotool(t, display, "key", "space")
		time.Sleep(300 * time.Millisecond)
		// With the cursor in the Progress tab's client filter, Ctrl+4 must still change tabs.
		xdotool(t, display, "key", "ctrl+5")
		waitForLog(t, dir, `tab shown" tab="Integration Progress"`)
		xdotool(t, display, "mousemove", "--window", wid, "600", "224", "click", "1")
		xdotool(t, display, "type", "Kereama")
		xdotool(t, display, "key", "ctrl+4")
		waitForLog(t, dir, `tab shown" tab="Staff Linking"`)
		xdotool(t, display, "mousemove", "--window", wid, "20", "12", "click", "1") // the File menu
		time.Sleep(500 * time.Millisecond)
		xdotool(t, display, "key", "Up") // from no choice, Up picks the menu's last item: Quit
		time.Sleep(300 * time.Millisecond)
		xdotool(t, display, "key", "Return")
		assertCleanExit(t, app, out, dir)
	})
}

func buildApp(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "xpmsync")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startXvfb runs a virtual display for the test and returns its name (":N").
func startXvfb(t *testing.T) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{w}
	if err := x.Start(); err != nil {
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() { x.Process.Kill(); x.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	r.Close()
	if err != nil {
		t.Fatalf("Xvfb gave no display: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

// startApp runs the app on dir with no session bus to find, and its own config folder.
func startApp(t *testing.T, bin, display, dir string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	app := exec.Command(bin, append([]string{"--data-dir", dir}, args...)...)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") {
			env = append(env, kv)
		}
	}
	home := t.TempDir()
	app.Env = append(env, "DISPLAY="+display, "XDG_RUNTIME_DIR="+home, "XDG_CONFIG_HOME="+home, "LANG=en_US.UTF-8")
	out := &bytes.Buffer{}
	app.Stdout, app.Stderr = out, out
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if app.ProcessState == nil {
			app.Process.Kill()
			app.Wait()
		}
	})
	return app, out
}

func waitForLog(t *testing.T, dir, line string) {
	t.Helper()
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if strings.Contains(readLog(dir), line) {
			return
		}
	}
	t.Fatalf("the app did not log %q; log:\n%s", line, readLog(dir))
}

func readLog(dir string) string {
	b, _ := os.ReadFile(filepath.Join(dir, "logs", "xpmsync.log"))
	return string(b)
}

func xdotool(t *testing.T, display string, args ...string) string {
	t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("xdotool %v: %v", args, err)
	}
	return string(out)
}

// assertCleanExit checks what a user relies on after quitting: exit status 0, no crash, the
// data folder free for the next start, and the database intact.
func assertCleanExit(t *testing.T, app *exec.Cmd, out *bytes.Buffer, dir string) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- app.Wait() }()
	select {
	case err := <-done:
		if err != nil || strings.Contains(out.String(), "panic") {
			t.Fatalf("quit ended with %v; output:\n%s", err, out)
		}
	case <-time.After(60 * time.Second):
		app.Process.Kill()
		t.Fatalf("the app did not quit within 60 s; log:\n%s", readLog(dir))
	}
	if !strings.Contains(readLog(dir), "XPM Sync stopped") {
		t.Fatalf("the app did not shut down through Close; log:\n%s", readLog(dir))
	}
	lock, err := instance.Acquire(dir)
	if err != nil {
		t.Fatalf("the data folder is still held after quitting: %v", err)
	}
	lock.Release()
	st, err := store.OpenDir(dir)
	if err != nil {
		t.Fatalf("the database does not open after quitting: %v", err)
	}
	st.Close()
}
