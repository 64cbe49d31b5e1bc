//go:build keychain

package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"xpmsync/core/xpmfake"
)

// TestMain lets a test re-run this binary as `xpmsync …` in a fresh process.
func TestMain(m *testing.M) {
	if args := os.Getenv("XPMSYNC_CLI_CHILD"); args != "" {
		if err := run(strings.Fields(args)); err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(exitCode(err))
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func child(t *testing.T, args string) (string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "XPMSYNC_CLI_CHILD="+args)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), code
}

// Connect once from the command line; a new process then syncs through the connection kept in the
// real keychain; disconnect removes it.
func TestConnectSyncInNewProcessDisconnect(t *testing.T) {
	if os.Getenv("XPMSYNC_KEYCHAIN_TEST") != "1" {
		t.Skip("needs a real Secret Service: run through tools/keychain-tests.sh")
	}
	fake := xpmfake.New(xpmfake.Config{Clients: 40, Seed: 3, AutoApprove: true, PMModule: true})
	base, err := fake.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	dir := t.TempDir()
	common := " --data-dir " + dir + " --xero-base " + base + " --client-id cli-test"

	if out, code := child(t, "status"+common); code != exitNotConnected {
		t.Fatalf("status before connect: exit %d, %s", code, out)
	}
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- runConnect(strings.Fields("--no-browser"+common), pw); pw.Close() }()
	sc := bufio.NewScanner(pr)
	var link string
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "http") {
			link = sc.Text()
			break
		}
	}
	if link == "" {
		t.Fatal("connect printed no link on a line of its own")
	}
	resp, err := http.Get(link) // the browser's part: the fake approves and redirects to our callback
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	go io.Copy(io.Discard, pr)
	if err := <-done; err != nil {
		t.Fatalf("connect: %v", err)
	}
	if out, code := child(t, "status"+common); code != 0 || !strings.Contains(out, "Connected to") {
		t.Fatalf("status after connect: exit %d, %s", code, out)
	}
	out, code := child(t, "sync"+common)
	if code != 0 || !regexp.MustCompile(`synced 40 clients \(\d+ contacts, \d+ staff\)`).MatchString(out) {
		t.Fatalf("sync in a new process: exit %d, %s", code, out)
	}
	if out, code := child(t, "disconnect"+common); code != 0 {
		t.Fatalf("disconnect: exit %d, %s", code, out)
	}
	if out, code := child(t, "status"+common); code != exitNotConnected {
		t.Fatalf("status after disconnect: exit %d, %s", code, out)
	}
}
