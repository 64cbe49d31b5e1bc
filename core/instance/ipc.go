package instance

import (
	"bufio"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

const (
	// ioTimeout bounds one request on either side, so a stuck peer never
	// hangs a launch or the running app.
	ioTimeout = 3 * time.Second
	// notifyWait is how long Notify keeps trying while the running copy is
	// still starting up (lock taken, address not yet published).
	notifyWait = 5 * time.Second
	maxLine    = 256
)

func (l *Lock) serve() {
	defer l.wg.Done()
	for {
		c, err := l.ln.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				l.log.Warn("single-instance listener stopped", "err", err)
			}
			return
		}
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			l.handle(c)
		}()
	}
}

// handle reads one request line "xpmsync-ipc/1 TOKEN CMD" and answers "ok"
// or "error: …".
func (l *Lock) handle(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(ioTimeout))
	line, err := bufio.NewReader(&limitReader{c, maxLine}).ReadString('\n')
	if err != nil {
		return
	}
	parts := strings.Fields(line)
	if len(parts) != 3 || parts[0] != protoVersion {
		fmt.Fprintf(c, "error: bad request\n")
		return
	}
	if subtle.ConstantTimeCompare([]byte(parts[1]), []byte(l.tok)) != 1 {
		fmt.Fprintf(c, "error: wrong token\n")
		return
	}
	cmd := parts[2]
	if cmd != CmdShow && cmd != CmdSync {
		fmt.Fprintf(c, "error: unknown command %q\n", cmd)
		return
	}
	l.deliver(cmd)
	fmt.Fprintf(c, "ok\n")
}

// Notify asks the copy of XPM Sync running on data folder dir to carry out
// cmd (CmdShow or CmdSync), waiting up to a few seconds if it is still
// starting. It fails when no copy is running.
func Notify(dir, cmd string) error {
	ctx, cancel := context.WithTimeout(context.Background(), notifyWait)
	defer cancel()
	return NotifyContext(ctx, dir, cmd)
}

// NotifyContext is Notify bounded by ctx instead of the default wait.
func NotifyContext(ctx context.Context, dir, cmd string) error {
	if cmd != CmdShow && cmd != CmdSync {
		return fmt.Errorf("unknown command %q (want %q or %q)", cmd, CmdShow, CmdSync)
	}
	var last error
	for {
		in, err := readInfo(dir)
		if err == nil {
			err = send(ctx, in, cmd)
			if err == nil {
				return nil
			}
		}
		last = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("reach the running XPM Sync in %s: %w", dir, last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func send(ctx context.Context, in info, cmd string) error {
	d := net.Dialer{Timeout: ioTimeout}
	c, err := d.DialContext(ctx, "tcp", in.Addr)
	if err != nil {
		return err
	}
	defer c.Close()
	deadline := time.Now().Add(ioTimeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	_ = c.SetDeadline(deadline)
	if _, err := fmt.Fprintf(c, "%s %s %s\n", protoVersion, in.Token, cmd); err != nil {
		return err
	}
	reply, err := bufio.NewReader(&limitReader{c, maxLine}).ReadString('\n')
	if err != nil {
		return fmt.Errorf("no answer: %w", err)
	}
	if reply = strings.TrimSpace(reply); reply != "ok" {
		return fmt.Errorf("the running copy refused: %s", reply)
	}
	return nil
}

// limitReader stops a peer from feeding an endless line.
type limitReader struct {
	c net.Conn
	n int
}

func (r *limitReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, errors.New("request too long")
	}
	if len(p) > r.n {
		p = p[:r.n]
	}
	n, err := r.c.Read(p)
	r.n -= n
	return n, err
}
