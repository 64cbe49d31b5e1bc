package auth

import (
	"errors"
	"fmt"
	"sync"
)

// SecretStore keeps small secrets by key. Get returns ErrSecretNotFound for a missing
// key; Delete of a missing key is not an error.
type SecretStore interface {
	Get(key string) (string, error)
	Set(key, value string) error
	Delete(key string) error
}

// ErrSecretNotFound is returned by SecretStore.Get for a key that was never set.
var ErrSecretNotFound = errors.New("secret not found")

// MemoryStore is a SecretStore that forgets everything when the process ends; it is for
// demo mode and tests, never a fallback for a missing keychain.
type MemoryStore struct {
	mu sync.Mutex
	m  map[string]string
}

// NewMemoryStore returns an empty in-memory store.
func NewMemoryStore() *MemoryStore { return &MemoryStore{m: map[string]string{}} }

// Get returns the value for key or ErrSecretNotFound.
func (s *MemoryStore) Get(key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[key]
	if !ok {
		return "", ErrSecretNotFound
	}
	return v, nil
}

// Set stores value under key.
func (s *MemoryStore) Set(key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[key] = value
	return nil
}

// Delete removes key; a missing key is fine.
func (s *MemoryStore) Delete(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
	return nil
}

// Format never prints the values: fmt would show the map, tokens and all.
func (s *MemoryStore) Format(f fmt.State, _ rune) {
	_, _ = fmt.Fprintf(f, "auth.MemoryStore{%d entries}", s.Len())
}

// Len reports how many entries are held (for tests that check a disconnect cleaned up).
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}
