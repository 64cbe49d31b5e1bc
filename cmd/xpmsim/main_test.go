package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestHelpDocumentsEveryFlagAndQuirk(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, &out, &errOut); err != nil {
		t.Fatalf("--help: %v", err)
	}
	help := errOut.String()
	for _, f := range []string{"addr", "clients", "seed", "staff", "client-id", "auto-approve", "redirect-uri",
		"no-pm-module", "no-rate-limits", "access-ttl", "latency", "slow-write", "rate-5xx", "burst-429",
		"retry-after", "conflict-409", "truncate", "malformed", "day-limit-exhausted", "token-5xx",
		"expire-tokens-every", "revoke-after", "disconnect-after", "clock-offset", "control", "quirk", "quiet"} {
		if !strings.Contains(help, "-"+f+" ") && !strings.Contains(help, "-"+f+"\n") {
			t.Errorf("--help does not document -%s", f)
		}
	}
	for q := range quirkFlags {
		if !strings.Contains(help, q) {
			t.Errorf("--help does not list quirk %s", q)
		}
	}
}

func TestBadArgumentsAreRefused(t *testing.T) {
	for _, args := range [][]string{{"--quirk", "no-such-thing"}, {"--rate-5xx", "2"}, {"--latency", "soon"}} {
		if err := run(context.Background(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

func TestServesPrintsBaseURLAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--clients", "5", "--quiet", "--control", "--latency", "1ms"}, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	base := strings.TrimSpace(line)
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("first line %q is not the base URL", line)
	}
	for _, p := range []string{"/.well-known/openid-configuration", "/_xpmsim/control"} {
		resp, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", p, resp.StatusCode, body)
		}
		if p == "/_xpmsim/control" && !strings.Contains(string(body), `"latency":"1ms"`) {
			t.Fatalf("control state does not show the --latency fault: %s", body)
		}
	}
	resp, err := http.Post(base+"/_xpmsim/control?action=faults&rate5xx=0.5", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"rate5xx":0.5`) || !strings.Contains(string(body), `"latency":"1ms"`) {
		t.Fatalf("control faults: %s", body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("xpmsim did not stop on cancel")
	}
}
