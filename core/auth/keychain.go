package auth

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zalando/go-keyring"
)

// KeychainService is the service name XPM Sync's entries carry in the OS keychain.
const KeychainService = "XPM Sync"

// ChunkSize keeps each keychain entry under Windows Credential Manager's 2,560-byte
// secret cap (and macOS's ~3,000 bytes for service+account+secret), with room to spare.
const ChunkSize = 2000

// chunkHeader starts the main entry of a value stored in parts. Stored values are JSON
// or tokens, which never start with it.
const chunkHeader = "xpmsync-chunks:"

// ErrNoKeychain is matched (errors.Is) by every KeychainUnavailableError.
var ErrNoKeychain = errors.New("no usable keychain")

// KeychainUnavailableError means the OS keychain cannot be used. XPM Sync then refuses to
// keep a connection rather than write tokens anywhere else.
type KeychainUnavailableError struct {
	Err error
}

func (e *KeychainUnavailableError) Error() string {
	var what string
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
		what = "XPM Sync keeps its Xero connection in the system keychain (a Secret Service such as GNOME Keyring or KWallet), " +
			"and none is running or it is locked. Install one (for example `sudo apt install gnome-keyring`), " +
			"log out and back in so it starts and unlocks, then connect again"
	case "darwin":
		what = "XPM Sync keeps its Xero connection in the macOS Keychain, which refused access; open Keychain Access, " +
			"make sure the login keychain is unlocked, then connect again"
	case "windows":
		what = "XPM Sync keeps its Xero connection in Windows Credential Manager, which refused access; " +
			"check that you are signed in to a normal Windows account, then connect again"
	default:
		what = "XPM Sync keeps its Xero connection in the system keychain, and there is none on " + runtime.GOOS
	}
	if e.Err != nil {
		return what + " (" + e.Err.Error() + ")"
	}
	return what
}

// Is makes errors.Is(err, ErrNoKeychain) true.
func (e *KeychainUnavailableError) Is(target error) bool { return target == ErrNoKeychain }

func (e *KeychainUnavailableError) Unwrap() error { return e.Err }

// Keyring is the part of go-keyring the store uses; a variable seam so tests can inject
// failures per call.
type Keyring interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

type goKeyring struct{}

func (goKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (goKeyring) Set(service, user, pw string) error       { return keyring.Set(service, user, pw) }
func (goKeyring) Delete(service, user string) error        { return keyring.Delete(service, user) }

// KeyringStore is the SecretStore on the OS keychain (Secret Service, macOS Keychain,
// Windows Credential Manager) through go-keyring. Values longer than ChunkSize are split
// over several entries, the first naming how many.
type KeyringStore struct {
	Service string  // default KeychainService
	Backend Keyring // default the real go-keyring provider
}

// NewKeyringStore returns the store on the OS keychain under service "XPM Sync".
func NewKeyringStore() *KeyringStore { return &KeyringStore{} }

func (k *KeyringStore) svc() string {
	if k.Service == "" {
		return KeychainService
	}
	return k.Service
}

func (k *KeyringStore) be() Keyring {
	if k.Backend == nil {
		return goKeyring{}
	}
	return k.Backend
}

// classify maps go-keyring errors onto ours: not-found stays itself, anything else means
// the keychain is not usable (no Secret Service, locked, denied).
func classify(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound):
		return ErrSecretNotFound
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return fmt.Errorf("the keychain refused an entry as too large: %w", err)
	}
	return &KeychainUnavailableError{Err: err}
}

// chunks says where a value stored in parts lives: parts gen.1 … gen.n. A new value gets
// a new generation, so the header switches atomically from one complete set of parts to
// the other and a failed write never leaves a mix.
type chunks struct{ gen, n int }

func (c chunks) header() string { return chunkHeader + strconv.Itoa(c.gen) + "/" + strconv.Itoa(c.n) }

func (c chunks) key(key string, i int) string {
	return key + "#" + strconv.Itoa(c.gen) + "." + strconv.Itoa(i)
}

func parseHeader(v string) (chunks, bool) {
	rest, ok := strings.CutPrefix(v, chunkHeader)
	if !ok {
		return chunks{}, false
	}
	g, n, ok := strings.Cut(rest, "/")
	if !ok {
		return chunks{}, false
	}
	c := chunks{}
	var err1, err2 error
	c.gen, err1 = strconv.Atoi(g)
	c.n, err2 = strconv.Atoi(n)
	if err1 != nil || err2 != nil || c.n < 1 {
		return chunks{}, false
	}
	return c, true
}

// Get returns the value for key, reassembling parts.
func (k *KeyringStore) Get(key string) (string, error) {
	head, err := k.be().Get(k.svc(), key)
	if err != nil {
		return "", classify(err)
	}
	c, chunked := parseHeader(head)
	if !chunked {
		return head, nil
	}
	var b strings.Builder
	for i := 1; i <= c.n; i++ {
		part, err := k.be().Get(k.svc(), c.key(key, i))
		if errors.Is(err, keyring.ErrNotFound) {
			return "", fmt.Errorf("the keychain entry %q is incomplete (part %d of %d is missing); connect again", key, i, c.n)
		}
		if err != nil {
			return "", classify(err)
		}
		b.WriteString(part)
	}
	return b.String(), nil
}

// split cuts v into pieces of at most size bytes without splitting a UTF-8 character,
// since some keychains store text rather than bytes.
func split(v string, size int) []string {
	var parts []string
	for len(v) > size {
		cut := size
		for cut > 0 && !utf8.RuneStart(v[cut]) {
			cut--
		}
		parts = append(parts, v[:cut])
		v = v[cut:]
	}
	return append(parts, v)
}

// Set stores value under key. Parts are written before the header that points at them;
// the previous value's parts are removed afterwards.
func (k *KeyringStore) Set(key, value string) error {
	var old chunks
	if head, err := k.be().Get(k.svc(), key); err == nil {
		old, _ = parseHeader(head)
	} else if !errors.Is(err, keyring.ErrNotFound) {
		return classify(err)
	}
	if len(value) > ChunkSize || strings.HasPrefix(value, chunkHeader) {
		parts := split(value, ChunkSize)
		c := chunks{gen: old.gen + 1, n: len(parts)}
		for i, p := range parts {
			if err := k.be().Set(k.svc(), c.key(key, i+1), p); err != nil {
				k.deleteParts(key, chunks{gen: c.gen, n: i})
				return classify(err)
			}
		}
		value = c.header()
	}
	if err := k.be().Set(k.svc(), key, value); err != nil {
		return classify(err)
	}
	k.deleteParts(key, old)
	return nil
}

// deleteParts removes parts nothing points at any more; best effort, as they are
// unreachable either way.
func (k *KeyringStore) deleteParts(key string, c chunks) {
	for i := 1; i <= c.n; i++ {
		_ = k.be().Delete(k.svc(), c.key(key, i))
	}
}

// Delete removes key and its parts; a missing key is fine.
func (k *KeyringStore) Delete(key string) error {
	head, err := k.be().Get(k.svc(), key)
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	if err != nil {
		return classify(err)
	}
	c, _ := parseHeader(head)
	// Header first: once it is gone the value is gone, even if a part outlives it.
	if err := k.be().Delete(k.svc(), key); err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return classify(err)
	}
	for i := 1; i <= c.n; i++ {
		if err := k.be().Delete(k.svc(), c.key(key, i)); err != nil && !errors.Is(err, keyring.ErrNotFound) {
			return classify(err)
		}
	}
	return nil
}
