package auth

import (
	"fmt"
	"log/slog"
)

// redacted is what every secret prints as.
const redacted = "[redacted]"

// Secret is a token, code or verifier. It prints, logs and JSON-encodes as "[redacted]";
// Reveal is the only way to the value, so each use is deliberate and easy to audit.
type Secret string

// Reveal returns the secret value for the one place that must send or store it.
func (s Secret) Reveal() string { return string(s) }

// String redacts.
func (s Secret) String() string { return redacted }

// GoString redacts (%#v).
func (s Secret) GoString() string { return redacted }

// Format redacts under every verb, including %x and %q.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// LogValue redacts in slog.
func (s Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalJSON redacts, so a secret in a struct never leaks through encoding/json either.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// MarshalText redacts.
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }
