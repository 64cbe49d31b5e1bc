#!/usr/bin/env bash
# keychain-tests.sh — run the real-keychain integration tests inside a private
# D-Bus session with an unlocked gnome-keyring (see keyring-session.sh).
#
# Convention: a test that needs the real OS keychain reads the environment
# variable XPMSYNC_KEYCHAIN_TESTS (1 = a missing keychain is a failure, not a
# skip) and/or sits behind the build constraint `//go:build keychain`. This
# script finds every package with such tests and runs them with both.
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=$(grep -rlE --include='*_test.go' '^//go:build .*keychain|XPMSYNC_KEYCHAIN_TEST' . 2>/dev/null \
  | xargs -r -n1 dirname | sort -u | sed 's#^\./#./#')
if [ -z "$pkgs" ]; then
  echo "keychain: no real-keychain tests in the tree (none tagged 'keychain' or reading XPMSYNC_KEYCHAIN_TEST)"
  exit 0
fi
case "$(uname -s)" in
  Linux) ;;
  *) echo "keychain: real-keychain tests are run on Linux only; skipping"; exit 0 ;;
esac
echo "keychain: running in a private D-Bus session: $(echo $pkgs)"
# shellcheck disable=SC2086
XPMSYNC_KEYCHAIN_TEST=1 XPMSYNC_KEYCHAIN_TESTS=1 bash tools/keyring-session.sh go test -race -count=1 -tags keychain $pkgs
