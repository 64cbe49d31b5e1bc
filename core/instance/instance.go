// Package instance keeps XPM Sync to one running copy per data folder.
//
// Two copies would each run the scheduler and refresh the same rotating Xero
// refresh token, and the loser of that race breaks the connection. The first
// copy holds an OS file lock in the data folder (flock on Unix, LockFileEx on
// Windows) and listens on a loopback port; a later launch fails to take the
// lock, gets ErrAlreadyRunning, and can ask the first copy to show its window
// or sync with Notify. The OS drops the lock when a process dies, so a crash
// never leaves the app locked out.
package instance

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Commands a later launch can send to the running copy.
const (
	// CmdShow asks the running app to bring its window to the front.
	CmdShow = "show"
	// CmdSync asks the running app to start a sync now.
	CmdSync = "sync"
)

const (
	lockName = "xpmsync.lock"
	infoName = "instance.json"
	// protoVersion starts every request line, so a stray connection or a
	// future incompatible client is refused rather than misread.
	protoVersion = "xpmsync-ipc/1"
)

// ErrAlreadyRunning is matched (errors.Is) by the error Acquire returns when
// another live process holds the lock; errors.As with *AlreadyRunningError
// gives its process id and how to reach it.
var ErrAlreadyRunning = errors.New("XPM Sync is already running")

// AlreadyRunningError tells who holds the lock and how to reach it.
type AlreadyRunningError struct {
	Dir  string // the data folder both copies point at
	PID  int    // process id of the running copy, 0 if it has not written it yet
	Addr string // its loopback address for Notify, "" if not known yet
}

// Error says in plain words what happened and what the user can do.
func (e *AlreadyRunningError) Error() string {
	who := "another copy"
	if e.PID > 0 {
		who = fmt.Sprintf("another copy (process %d)", e.PID)
	}
	return fmt.Sprintf("XPM Sync is already running: %s uses %s. Use that window, or close it first.", who, e.Dir)
}

// Unwrap makes errors.Is(err, ErrAlreadyRunning) true.
func (e *AlreadyRunningError) Unwrap() error { return ErrAlreadyRunning }

// Notify asks the running copy to carry out cmd (CmdShow or CmdSync).
func (e *AlreadyRunningError) Notify(cmd string) error { return Notify(e.Dir, cmd) }

// info is what the lock holder publishes for later launches.
type info struct {
	PID     int       `json:"pid"`
	Addr    string    `json:"addr"`
	Token   string    `json:"token"` // shared secret: only someone who can read the data folder may send commands
	Started time.Time `json:"started"`
}

// Lock is the held single-instance lock. Release it on exit; if the process
// dies instead, the OS releases it.
type Lock struct {
	dir  string
	file *os.File
	ln   net.Listener
	tok  string
	reqs chan string
	log  *slog.Logger

	wg      sync.WaitGroup
	mu      sync.Mutex
	closed  bool
	release sync.Once
	relErr  error
}

// Acquire takes the single-instance lock in dir (created 0700 if missing) and
// starts listening for requests from later launches. If a live process holds
// it, Acquire returns an *AlreadyRunningError (errors.Is ErrAlreadyRunning).
func Acquire(dir string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", dir, err)
	}
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open instance lock in %s: %w", dir, err)
	}
	held, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", f.Name(), err)
	}
	if !held {
		f.Close()
		e := &AlreadyRunningError{Dir: dir}
		if in, err := readInfo(dir); err == nil {
			e.PID, e.Addr = in.PID, in.Addr
		}
		return nil, e
	}

	l := &Lock{dir: dir, file: f, reqs: make(chan string, 8), log: slog.Default()}
	if err := l.listen(); err != nil {
		unlock(f)
		f.Close()
		return nil, err
	}
	return l, nil
}

func (l *Lock) listen() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen on loopback for later launches: %w", err)
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		ln.Close()
		return fmt.Errorf("make instance token: %w", err)
	}
	l.ln, l.tok = ln, hex.EncodeToString(b[:])
	in := info{PID: os.Getpid(), Addr: ln.Addr().String(), Token: l.tok, Started: time.Now().UTC()}
	if err := writeInfo(l.dir, in); err != nil {
		ln.Close()
		return err
	}
	l.wg.Add(1)
	go l.serve()
	return nil
}

// Dir returns the data folder the lock guards.
func (l *Lock) Dir() string { return l.dir }

// Requests delivers the commands (CmdShow, CmdSync) later launches sent. It
// is closed by Release. Repeated commands may be merged while the app is busy.
func (l *Lock) Requests() <-chan string { return l.reqs }

// Release stops listening, removes the published address and drops the
// lock. The lock file itself stays: deleting it would let two processes
// lock two different files at once. Safe to call more than once.
func (l *Lock) Release() error {
	l.release.Do(func() {
		errs := []error{l.ln.Close()}
		l.wg.Wait()
		l.mu.Lock()
		l.closed = true
		close(l.reqs)
		l.mu.Unlock()
		// Only remove the address if it is still ours (not a successor's).
		if in, err := readInfo(l.dir); err == nil && in.Token == l.tok {
			errs = append(errs, os.Remove(filepath.Join(l.dir, infoName)))
		}
		errs = append(errs, unlock(l.file), l.file.Close())
		l.relErr = errors.Join(errs...)
	})
	return l.relErr
}

// deliver hands cmd to Requests without ever blocking the IPC server: if
// the app has not drained earlier requests, this one merges with them.
func (l *Lock) deliver(cmd string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	select {
	case l.reqs <- cmd:
	default:
	}
}

func writeInfo(dir string, in info) error {
	data, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("encode instance info: %w", err)
	}
	tmp, err := os.CreateTemp(dir, infoName+".*")
	if err != nil {
		return fmt.Errorf("write instance info: %w", err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write instance info: %w", err)
	}
	// Rename so a later launch never reads a half-written file.
	if err := os.Rename(tmp.Name(), filepath.Join(dir, infoName)); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("publish instance info: %w", err)
	}
	return nil
}

func readInfo(dir string) (info, error) {
	var in info
	data, err := os.ReadFile(filepath.Join(dir, infoName))
	if err != nil {
		return in, err
	}
	if err := json.Unmarshal(data, &in); err != nil {
		return in, fmt.Errorf("read instance info: %w", err)
	}
	return in, nil
}
