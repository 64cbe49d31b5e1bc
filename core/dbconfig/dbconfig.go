// Package dbconfig remembers which database a seat uses: the practice's shared PostgreSQL
// database or (by default) its own SQLite file. The address is kept in the data folder without
// its password; the password lives in the OS keychain, never in a file, a setting or a log.
package dbconfig

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/zalando/go-keyring"

	"xpmsync/core/store"
)

// EnvDatabase overrides the saved choice (as --database does).
const EnvDatabase = "XPMSYNC_DATABASE"

// fileName holds the shared database's address, without its password, in the data folder.
const fileName = "database-url"

// keychainService names the database passwords in the OS keychain (the account is the address).
const keychainService = "XPM Sync database"

// Keychain is where passwords are kept (the OS keychain; tests use a map).
type Keychain interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

type osKeychain struct{}

func (osKeychain) Get(s, u string) (string, error) { return keyring.Get(s, u) }
func (osKeychain) Set(s, u, p string) error        { return keyring.Set(s, u, p) }
func (osKeychain) Delete(s, u string) error        { return keyring.Delete(s, u) }

// OS is the operating system's keychain.
var OS Keychain = osKeychain{}

// Saved returns the shared database this seat was pointed at ("" = its own SQLite file).
func Saved(dataDir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dataDir, fileName))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read the database setting: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// Save points the seat at dbURL ("" = back to its own SQLite file). A password in the URL goes
// to the keychain and the file keeps the address without it.
func Save(kc Keychain, dataDir, dbURL string) error {
	path := filepath.Join(dataDir, fileName)
	dbURL = strings.TrimSpace(dbURL)
	if dbURL == "" {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("forget the shared database: %w", err)
		}
		return nil
	}
	if !store.IsPostgresURL(dbURL) {
		return fmt.Errorf("%w: it must start with postgres://", store.ErrBadURL)
	}
	plain := store.RedactURL(dbURL)
	if pw, ok := password(dbURL); ok {
		if err := kc.Set(keychainService, plain, pw); err != nil {
			return fmt.Errorf("keep the database password in the keychain: %w", err)
		}
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("create data folder %s: %w", dataDir, err)
	}
	if err := os.WriteFile(path, []byte(plain+"\n"), 0o600); err != nil {
		return fmt.Errorf("save the database setting: %w", err)
	}
	return nil
}

// Resolve returns the database to open: flag (--database), else XPMSYNC_DATABASE, else the saved
// choice, with the keychain's password added when the address has none ("" = SQLite).
func Resolve(kc Keychain, flag, dataDir string) (string, error) {
	dbURL := strings.TrimSpace(flag)
	if dbURL == "" {
		dbURL = strings.TrimSpace(os.Getenv(EnvDatabase))
	}
	if dbURL == "" {
		var err error
		if dbURL, err = Saved(dataDir); err != nil || dbURL == "" {
			return "", err
		}
	}
	if !store.IsPostgresURL(dbURL) {
		return "", fmt.Errorf("%w: %q must start with postgres://", store.ErrBadURL, store.RedactURL(dbURL))
	}
	if _, ok := password(dbURL); ok {
		return dbURL, nil
	}
	pw, err := kc.Get(keychainService, store.RedactURL(dbURL))
	if errors.Is(err, keyring.ErrNotFound) || pw == "" {
		return dbURL, nil // trust, a client certificate or a .pgpass file may be all the server asks
	}
	if err != nil {
		return "", fmt.Errorf("read the database password from the keychain: %w", err)
	}
	return withPassword(dbURL, pw)
}

func password(dbURL string) (string, bool) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", false
	}
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			return pw, true
		}
	}
	if pw := u.Query().Get("password"); pw != "" {
		return pw, true
	}
	return "", false
}

// WithPassword is dbURL carrying password pw ("" = dbURL as it is).
func WithPassword(dbURL, pw string) (string, error) {
	if pw == "" {
		return dbURL, nil
	}
	return withPassword(dbURL, pw)
}

func withPassword(dbURL, pw string) (string, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", fmt.Errorf("%w: %s", store.ErrBadURL, store.RedactURL(dbURL))
	}
	name := ""
	if u.User != nil {
		name = u.User.Username()
	}
	u.User = url.UserPassword(name, pw)
	return u.String(), nil
}
