package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"xpmsync/core/dbconfig"
	"xpmsync/core/store"
	"xpmsync/core/store/storetest"
	"xpmsync/screens"
)

// mapKeychain keeps test passwords out of the OS keychain.
type mapKeychain map[string]string

func (m mapKeychain) Get(s, u string) (string, error) {
	if p, ok := m[s+"|"+u]; ok {
		return p, nil
	}
	return "", errors.New("not in the test keychain")
}
func (m mapKeychain) Set(s, u, p string) error { m[s+"|"+u] = p; return nil }
func (m mapKeychain) Delete(s, u string) error { delete(m, s+"|"+u); return nil }

func useTestKeychain(t *testing.T) {
	was := dbconfig.OS
	dbconfig.OS = mapKeychain{}
	t.Cleanup(func() { dbconfig.OS = was })
}

func fastDatabaseRetries(t *testing.T) {
	base, ceiling := dbRetryBase, dbRetryCeiling
	dbRetryBase, dbRetryCeiling = 50*time.Millisecond, 200*time.Millisecond
	t.Cleanup(func() { dbRetryBase, dbRetryCeiling = base, ceiling })
}

// closedPort is a loopback port nothing listens on (a server that is off).
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// startWaiting starts the app the way Run does against the seat's saved database, which must
// fail, and returns the waiting window with its retries running.
func startWaiting(t *testing.T, opts Options) *WaitWindow {
	t.Helper()
	svc, err := StartServices(opts)
	de, ok := AsDatabaseError(err)
	if !ok {
		if svc != nil {
			svc.Close()
		}
		t.Fatalf("start against a server that is off: %v, want a database error", err)
	}
	ww := NewWaitWindow(test.NewTempApp(t), opts, de)
	ui := make(chan func(), 16)
	ww.do = func(fn func()) { ui <- fn }
	uiQueues[ww] = ui
	ww.begin = func(*Window, *Services) {}
	ctx, cancel := context.WithCancel(context.Background())
	go ww.Retry(ctx, de)
	t.Cleanup(func() {
		cancel()
		if svc := ww.Services(); svc != nil {
			svc.Close()
		}
	})
	return ww
}

// uiQueues hold each test window's UI work, run on the test's goroutine as the UI goroutine
// would (the test driver's fyne.Do runs it on the caller's, racing the test's reads).
var uiQueues = map[*WaitWindow]chan func(){}

// pump runs the window's UI work for d.
func pump(ww *WaitWindow, d time.Duration) {
	end := time.After(d)
	for {
		select {
		case fn := <-uiQueues[ww]:
			fn()
		case <-end:
			return
		}
	}
}

func waitLoaded(t *testing.T, ww *WaitWindow, within time.Duration) *Window {
	t.Helper()
	deadline := time.Now().Add(within)
	for ww.Loaded() == nil {
		if time.Now().After(deadline) {
			t.Fatalf("the window did not load; banner says %q", ww.Banner.Text.Text)
		}
		pump(ww, 20*time.Millisecond)
	}
	return ww.Loaded()
}

// assertNoLocalFile checks that no private SQLite file was made while the shared one was away.
func assertNoLocalFile(t *testing.T, dataDir string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dataDir, "xpmsync.db")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a local SQLite file was written while the practice database was away (%v)", err)
	}
}

// A seat whose shared database is off opens a window that says so with the address (never the
// password), keeps trying without writing a local file, and lets the user clear the address
// under Connection → Advanced, which opens this computer's own file at once.
func TestWaitingWindowSaysWhereAndClearingTheAddressLoads(t *testing.T) {
	useTestKeychain(t)
	fastDatabaseRetries(t)
	dir := t.TempDir()
	addr := closedPort(t)
	if err := dbconfig.Save(dbconfig.OS, dir, "postgres://xpmsync:s3cret-pw@"+addr+"/practice?sslmode=disable"); err != nil {
		t.Fatal(err)
	}
	ww := startWaiting(t, Options{DataDir: dir, UIRunner: screens.Blocking})

	text := ww.Banner.Text.Text
	if !ww.Banner.Visible() || !strings.Contains(text, addr+"/practice") || !strings.Contains(text, "Check that the server is on") {
		t.Fatalf("banner %v: %q", ww.Banner.Visible(), text)
	}
	if strings.Contains(text, "s3cret") {
		t.Fatalf("the banner shows the password: %q", text)
	}
	if ww.Tabs.Selected().Text != "Connection" || !ww.Connection.Advanced.Items[0].Open || ww.Connection.Database == nil {
		t.Fatal("Connection → Advanced and its database setting are not in reach")
	}
	if got := ww.Connection.Database.URL.Text; !strings.Contains(got, addr) || strings.Contains(got, "s3cret") {
		t.Fatalf("the address field shows %q", got)
	}
	pump(ww, 10*dbRetryBase) // several tries against the closed port
	if ww.Loaded() != nil {
		t.Fatal("loaded with the server off")
	}
	assertNoLocalFile(t, dir)

	ww.Connection.Database.URL.SetText("")
	test.Tap(ww.Connection.Database.Save)
	w := waitLoaded(t, ww, 10*time.Second)
	if ww.Services().Store.Postgres() {
		t.Fatal("cleared the address but still on PostgreSQL")
	}
	if w.Win != ww.Win || w.Clients == nil || w.Banner.Visible() {
		t.Fatal("the window did not become the full one")
	}
}

// proxy forwards connections on addr to target: the server coming back on the address tried.
func proxy(t *testing.T, addr, target string) {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("bring the server back on %s: %v", addr, err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				s, err := net.Dial("tcp", target)
				if err != nil {
					c.Close()
					return
				}
				go func() { io.Copy(s, c); s.Close() }()
				io.Copy(c, s)
				c.Close()
			}()
		}
	}()
}

// The server is off when the seat starts; when it comes back the waiting window loads the
// practice on it, without a restart and without a local file.
func TestWaitingWindowLoadsWhenPostgresComesBack(t *testing.T) {
	useTestKeychain(t)
	fastDatabaseRetries(t)
	server, err := url.Parse(storetest.NewPostgres(t))
	if err != nil {
		t.Fatal(err)
	}
	addr := closedPort(t)
	target := server.Host
	tried := *server
	tried.Host = addr
	dir := t.TempDir()
	ww := startWaiting(t, Options{DataDir: dir, Database: tried.String(), UIRunner: screens.Blocking})
	if !strings.Contains(ww.Banner.Text.Text, addr+server.Path) {
		t.Fatalf("banner: %q", ww.Banner.Text.Text)
	}
	pump(ww, 5*dbRetryBase)
	assertNoLocalFile(t, dir)

	proxy(t, addr, target)
	waitLoaded(t, ww, 20*time.Second)
	if !ww.Services().Store.Postgres() {
		t.Fatal("loaded, but not on the practice database")
	}
	assertNoLocalFile(t, dir)
}

// A database lost after the start is worded with its address, never the password, and says
// that what is on screen stays while nothing can be saved.
func TestLostDatabaseTextNamesTheAddressOnly(t *testing.T) {
	err := fmt.Errorf("%w (x): dial tcp: connection refused", store.ErrUnreachable)
	got := lostDatabaseText(store.RedactURL("postgres://xpmsync:pw-123@db.lan:5432/practice"), err, 8*time.Second)
	for _, want := range []string{"db.lan:5432/practice", "stays on screen", "cannot be saved", "next in 8 s"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "pw-123") {
		t.Errorf("the password shows: %q", got)
	}
}
