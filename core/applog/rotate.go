package applog

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// rotatingFile is an io.Writer over base.log that, before a write would take
// the file past maxBytes, shifts base.log → base.1.log → base.2.log … and drops
// the oldest, so the logs never use more than about maxBytes × keep on disk.
// Old files are closed before renaming because Windows cannot rename open files.
type rotatingFile struct {
	mu       sync.Mutex
	path     string // e.g. dir/xpmsync.log
	maxBytes int64
	keep     int // files in total, the live one included
	f        *os.File
	size     int64
}

func openRotating(path string, maxBytes int64, keep int) (*rotatingFile, error) {
	r := &rotatingFile{path: path, maxBytes: maxBytes, keep: keep}
	if err := r.open(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *rotatingFile) open() error {
	f, err := os.OpenFile(r.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open log file: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("stat log file: %w", err)
	}
	r.f, r.size = f, fi.Size()
	return nil
}

// Write appends p, rotating first when p would not fit. A single record larger
// than maxBytes still goes out whole, into a fresh file.
func (r *rotatingFile) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return 0, os.ErrClosed
	}
	if r.size > 0 && r.size+int64(len(p)) > r.maxBytes {
		if err := r.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := r.f.Write(p)
	r.size += int64(n)
	return n, err
}

func (r *rotatingFile) rotate() error {
	if err := r.f.Close(); err != nil {
		return fmt.Errorf("close log file for rotation: %w", err)
	}
	r.f = nil
	_ = os.Remove(r.numbered(r.keep - 1))
	for i := r.keep - 2; i >= 0; i-- {
		// A missing file in the chain (fresh install, manual clean-up) is normal.
		_ = os.Rename(r.numbered(i), r.numbered(i+1))
	}
	return r.open()
}

// numbered returns the path of the i-th file: 0 is the live one. The number
// goes before the extension so Windows still opens old logs in Notepad.
func (r *rotatingFile) numbered(i int) string {
	if i == 0 {
		return r.path
	}
	ext := filepath.Ext(r.path)
	return fmt.Sprintf("%s.%d%s", strings.TrimSuffix(r.path, ext), i, ext)
}

// Close closes the live file; later writes fail with os.ErrClosed.
func (r *rotatingFile) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	return err
}
