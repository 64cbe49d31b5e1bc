package leader

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"xpmsync/core/store"
	"xpmsync/core/store/storetest"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
	"xpmsync/core/xpmtest"
)

const helperEnv = "XPMSYNC_SEAT_HELPER"

// staticTokens hands a seat process the access token the test signed in with.
type staticTokens string

func (t staticTokens) Token(context.Context) (string, error)   { return string(t), nil }
func (t staticTokens) Refresh(context.Context) (string, error) { return string(t), nil }

// TestSeatHelperProcess is one seat of TestTwoSeatsOneSyncsAndAKilledLeaderHandsOver, run as a
// process of its own: it takes part in the election and, while it leads, sends the outbox.
func TestSeatHelperProcess(t *testing.T) {
	if os.Getenv(helperEnv) != "1" {
		t.Skip("a seat of the two-seat test, started by it")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	st, err := store.OpenPostgres(ctx, os.Getenv("SEAT_DB"))
	if err != nil {
		t.Fatal(err)
	}
	name := os.Getenv("SEAT_NAME")
	el := New(st, name, Options{Retry: 200 * time.Millisecond, Heartbeat: 200 * time.Millisecond,
		OnChange: func(lead bool) { fmt.Printf("LEADER %s %v\n", name, lead) }, Logger: slog.New(slog.DiscardHandler)})
	go el.Run(ctx)
	api := xpm.New(xpm.Config{BaseURL: os.Getenv("SEAT_API"), TenantID: os.Getenv("SEAT_TENANT"),
		Tokens: staticTokens(os.Getenv("SEAT_TOKEN")), Logger: slog.New(slog.DiscardHandler)})
	eng := syncer.New(st, api, syncer.Options{NoAutoPush: true, MaySend: el.Leader, Fence: el.Fence, Logger: slog.New(slog.DiscardHandler)})
	for ctx.Err() == nil {
		if el.Leader() {
			_, _ = eng.FlushOutbox(ctx)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// seatProc is one running seat process and what it said.
type seatProc struct {
	name string
	cmd  *exec.Cmd
	mu   sync.Mutex
	lead bool
	ever bool
}

func (p *seatProc) leading() (now, ever bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lead, p.ever
}

func startSeatProc(t *testing.T, name string, env []string) *seatProc {
	t.Helper()
	p := &seatProc{name: name, cmd: exec.Command(os.Args[0], "-test.run=^TestSeatHelperProcess$", "-test.v")}
	p.cmd.Env = append(append(os.Environ(), helperEnv+"=1", "SEAT_NAME="+name), env...)
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) == 3 && f[0] == "LEADER" {
				p.mu.Lock()
				p.lead = f[2] == "true"
				p.ever = p.ever || p.lead
				p.mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() { _ = p.cmd.Process.Kill(); _ = p.cmd.Wait() })
	return p
}

// Two seats (two processes) share one database and the fake XPM: only one sends; it is killed
// with SIGKILL in the middle of sending the outbox; the other takes over and finishes; the fake's
// write log shows every queued change sent exactly once.
func TestTwoSeatsOneSyncsAndAKilledLeaderHandsOver(t *testing.T) {
	dbURL := storetest.NewPostgres(t)
	ctx := context.Background()
	fake := xpmfake.New(xpmfake.Config{Seed: 7, Clients: 12, DisableRateLimits: true, AutoApprove: true})
	base, err := fake.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fake.Close() })
	tok, err := xpmtest.Login(ctx, base, xpmtest.DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	api := xpm.New(xpm.Config{BaseURL: base, TenantID: fake.TenantID(), Tokens: tok, Logger: slog.New(slog.DiscardHandler)})
	st := storetest.OpenAt(t, dbURL)
	eng := syncer.New(st, api, syncer.Options{NoAutoPush: true, Logger: slog.New(slog.DiscardHandler)})
	if err := eng.SavePolicy(ctx, syncer.Policy{Direction: syncer.ToXPM, Level: syncer.Everything, ImportAll: true, DefaultCountryCode: "64"}); err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Sync(ctx, syncer.Full, syncer.TriggerCLI, nil); err != nil {
		t.Fatal(err)
	}
	want := queuePhoneEdits(t, st, eng)
	fake.SetFaults(xpmfake.Faults{Latency: 250 * time.Millisecond}) // each send takes a while: a kill lands mid-push
	token, _ := tok.Token(ctx)
	env := []string{"SEAT_DB=" + dbURL, "SEAT_API=" + base, "SEAT_TENANT=" + fake.TenantID(), "SEAT_TOKEN=" + token}
	a := startSeatProc(t, "FRONT-DESK-PC", env)
	b := startSeatProc(t, "BACK-OFFICE", env)
	waitFor(t, "a seat to lead", func() bool { x, _ := a.leading(); y, _ := b.leading(); return x || y })
	lead, other := a, b
	if now, _ := b.leading(); now {
		lead, other = b, a
	}
	waitFor(t, "the leader to send some changes", func() bool { return len(updates(fake)) >= 3 })
	if _, ever := other.leading(); ever {
		t.Fatal("both seats led at once")
	}
	if err := lead.cmd.Process.Kill(); err != nil { // SIGKILL: no goodbye to the database
		t.Fatal(err)
	}
	_ = lead.cmd.Wait()
	waitFor(t, "the other seat to take over", func() bool { now, _ := other.leading(); return now })
	waitFor(t, "the outbox to empty", func() bool { open, _, err := st.OutboxCounts(ctx); return err == nil && open == 0 })
	sent := map[string]int{}
	for _, w := range updates(fake) {
		for _, phone := range want {
			if strings.Contains(w.Body, phone) {
				sent[phone]++
			}
		}
	}
	for _, phone := range want {
		if sent[phone] != 1 {
			t.Errorf("change to %s reached XPM %d times, want exactly once", phone, sent[phone])
		}
	}
	if who, _ := st.Setting(ctx, KeySeat, ""); who != other.name {
		t.Errorf("syncing seat = %q, want %q", who, other.name)
	}
}

// queuePhoneEdits gives every local client a new phone number (queued for XPM) and returns them.
func queuePhoneEdits(t *testing.T, st *store.Store, eng *syncer.Engine) []string {
	t.Helper()
	ctx := context.Background()
	ids, err := st.LinkedClientIDs(ctx)
	if err != nil || len(ids) < 6 {
		t.Fatalf("%d linked clients (%v), want at least 6", len(ids), err)
	}
	var phones []string
	n := 0
	for _, id := range ids {
		lc, err := st.Client(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		n++
		lc.Client.Phone = fmt.Sprintf("09 555 77%02d", n)
		if err := eng.SaveLocalClient(ctx, &lc); err != nil {
			t.Fatal(err)
		}
		phones = append(phones, lc.Client.Phone)
	}
	if open, _, _ := st.OutboxCounts(ctx); open != len(ids) {
		t.Fatalf("%d changes queued, want %d", open, len(ids))
	}
	return phones
}

// updates are the client updates XPM applied.
func updates(fake *xpmfake.Server) []xpmfake.Write {
	var out []xpmfake.Write
	for _, w := range fake.Writes() {
		if w.OK && strings.Contains(w.Op, "client.api/update") {
			out = append(out, w)
		}
	}
	return out
}
