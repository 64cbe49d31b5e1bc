// Package keychaintest holds integration tests of core/auth against a real OS keychain
// (on Linux a Secret Service over D-Bus). They live apart from core/auth because
// go-keyring's MockInit, used there, cannot be undone inside one test binary.
//
// Run them in a private D-Bus session with an unlocked GNOME Keyring:
//
//	dbus-run-session -- sh -c 'printf pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null; XPMSYNC_KEYCHAIN_TESTS=1 go test ./core/auth/...'
//
// Without a D-Bus session they skip; with XPMSYNC_KEYCHAIN_TESTS=1 (CI) a missing keychain
// fails them instead.
package keychaintest
