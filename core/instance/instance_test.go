package instance

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

const childEnv = "XPMSYNC_INSTANCE_CHILD"

// TestMain lets the test binary play "the app already running" in a child
// process: it takes the lock in the given folder, says "ready", and echoes
// every request until it is killed.
func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		l, err := Acquire(dir)
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(3)
		}
		fmt.Println("ready")
		for cmd := range l.Requests() {
			fmt.Println("got", cmd)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestSecondLaunchIsRefusedWithAWayToReachTheFirst(t *testing.T) {
	dir := t.TempDir()
	first, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Release()

	second, err := Acquire(dir)
	if err == nil {
		second.Release()
		t.Fatal("a second Acquire on the same data folder succeeded")
	}
	if !errors.Is(err, ErrAlreadyRunning) {
		t.Fatalf("err = %v, want ErrAlreadyRunning", err)
	}
	var ar *AlreadyRunningError
	if !errors.As(err, &ar) {
		t.Fatalf("err %T is not *AlreadyRunningError", err)
	}
	if ar.PID != os.Getpid() || ar.Addr == "" {
		t.Errorf("AlreadyRunningError = %+v, want this pid and an address", ar)
	}
	if !strings.Contains(err.Error(), "already running") {
		t.Errorf("message %q does not say it is already running", err)
	}

	if err := ar.Notify(CmdShow); err != nil {
		t.Fatalf("Notify(show): %v", err)
	}
	if err := Notify(dir, CmdSync); err != nil {
		t.Fatalf("Notify(sync): %v", err)
	}
	for _, want := range []string{CmdShow, CmdSync} {
		select {
		case got := <-first.Requests():
			if got != want {
				t.Errorf("request = %q, want %q", got, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("request %q never arrived", want)
		}
	}
}

func TestReleaseFreesTheLockAndStopsRequests(t *testing.T) {
	dir := t.TempDir()
	first, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	if err := first.Release(); err != nil {
		t.Fatalf("second Release: %v", err)
	}
	if _, open := <-first.Requests(); open {
		t.Error("Requests still open after Release")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := NotifyContext(ctx, dir, CmdShow); err == nil {
		t.Error("Notify succeeded with no copy running")
	}

	next, err := Acquire(dir)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	next.Release()
}

func TestLockOfKilledProcessIsTakenOver(t *testing.T) {
	dir := t.TempDir()
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), childEnv+"="+dir)
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { child.Process.Kill(); child.Wait() })
	lines := make(chan string, 8)
	go func() {
		s := bufio.NewScanner(out)
		for s.Scan() {
			lines <- s.Text()
		}
		close(lines)
	}()
	expectLine(t, lines, "ready")

	_, err = Acquire(dir)
	var ar *AlreadyRunningError
	if !errors.As(err, &ar) || ar.PID != child.Process.Pid {
		t.Fatalf("Acquire while the child runs: %v, want AlreadyRunningError for pid %d", err, child.Process.Pid)
	}
	if err := Notify(dir, CmdShow); err != nil {
		t.Fatalf("Notify the child: %v", err)
	}
	expectLine(t, lines, "got show")

	// A crash: no Release, the address file stays behind pointing at a dead port.
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	child.Wait()

	l, err := Acquire(dir)
	if err != nil {
		t.Fatalf("Acquire after the holder was killed: %v", err)
	}
	defer l.Release()
	// Later launches now reach the new holder, not the dead one's address.
	if err := Notify(dir, CmdSync); err != nil {
		t.Fatalf("Notify the new holder: %v", err)
	}
	select {
	case got := <-l.Requests():
		if got != CmdSync {
			t.Errorf("got %q, want sync", got)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the new holder never got the request")
	}
}

func TestRequestsWithoutTheTokenAreIgnored(t *testing.T) {
	dir := t.TempDir()
	l, err := Acquire(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	in, err := readInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, req := range []string{
		protoVersion + " not-the-token show\n",
		"GET / HTTP/1.1\r\n", // a web page poking at loopback ports
		protoVersion + " " + in.Token + " quit\n",
		strings.Repeat("x", 10000),
	} {
		c, err := net.Dial("tcp", in.Addr)
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(5 * time.Second))
		io.WriteString(c, req)
		reply, _ := bufio.NewReader(c).ReadString('\n')
		c.Close()
		if strings.HasPrefix(reply, "ok") {
			t.Errorf("request %.40q was accepted", req)
		}
	}
	if err := Notify(dir, "quit"); err == nil {
		t.Error("Notify accepted an unknown command")
	}
	select {
	case got := <-l.Requests():
		t.Fatalf("a refused request was delivered: %q", got)
	case <-time.After(200 * time.Millisecond):
	}
}

func expectLine(t *testing.T, lines <-chan string, want string) {
	t.Helper()
	select {
	case got, ok := <-lines:
		if !ok || got != want {
			t.Fatalf("child said %q (open=%v), want %q", got, ok, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("child did not say %q", want)
	}
}
