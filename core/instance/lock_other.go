//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package instance

import (
	"errors"
	"os"
)

func tryLock(*os.File) (bool, error) {
	return false, errors.New("single-instance lock is not supported on this system")
}

func unlock(*os.File) error { return nil }
