#!/usr/bin/env bash
# keyring-session.sh COMMAND [ARGS...] — run COMMAND inside a private D-Bus session
# with an unlocked gnome-keyring Secret Service, so go-keyring talks to a real
# keychain on a headless Linux machine without touching the user's own keyring.
#
# HOME and XDG_RUNTIME_DIR point into a fresh temp dir; Go's settings are pinned
# first so moving HOME does not move its caches or lose `go env -w` values. The
# keyring daemon started here is stopped afterwards; the exit status is COMMAND's.
set -euo pipefail
for t in dbus-run-session gnome-keyring-daemon; do
  command -v "$t" >/dev/null || { echo "keyring-session: missing $t (apt-get install -y dbus gnome-keyring)" >&2; exit 2; }
done
if command -v go >/dev/null; then
  for v in GOCACHE GOMODCACHE GOPATH GOFLAGS GOTOOLCHAIN GOPROXY GOSUMDB; do
    export "$v=$(go env "$v")"
  done
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp XDG_RUNTIME_DIR=$tmp/run
mkdir -p "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
rc=0
# The daemon is started inside the session so it lives on that private bus; its
# pid is written out so it can be stopped by id, not by name.
dbus-run-session -- bash -c '
  printf "%s" "${KEYRING_PASSWORD:-test}" | gnome-keyring-daemon --unlock --components=secrets >"$HOME/daemon.env" 2>/dev/null
  "$@"' bash "$@" || rc=$?
pid=$(sed -n 's/^GNOME_KEYRING_PID=//p' "$tmp/daemon.env" 2>/dev/null || true)
[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
exit $rc
