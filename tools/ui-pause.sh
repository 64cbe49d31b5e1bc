#!/usr/bin/env bash
# ui-pause.sh — how long the window's UI goroutine stalls while a large demo sync runs.
#
# Builds the app and opens it with --demo on a practice of CLIENTS clients (default 15000) on a
# virtual X display with the UI probe on (XPMSYNC_UI_PROBE=full: it also starts a full sync once
# the scheduler runs, the demo has built its history and the window has settled):
# every 20 ms the probe times an empty function run on the UI goroutine, and when a sync ends it
# logs the median, the 99th percentile and the worst of those pauses, which this script prints.
# BIN=path/to/xpmsync measures that build instead of building this tree.
# Linux only. Needs: apt-get install -y xvfb xauth
set -euo pipefail
. "$(dirname "$0")/lib/xvfb.sh"
cd "$(dirname "$0")/.."
clients=${CLIENTS:-15000}
wait_s=${WAIT:-900}
command -v Xvfb >/dev/null || { echo "ui-pause: missing Xvfb (apt-get install -y xvfb xauth)" >&2; exit 2; }

work=$(mktemp -d)
xvfb_pid="" app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$app_pid" ] && wait "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${BIN:-}" ]; then
  cp "$BIN" "$work/xpmsync" # a build made beforehand (BIN=path/to/xpmsync), so nothing builds under the bench lock
else
  echo "ui-pause: building ./cmd/xpmsync"
  go build -tags "${APP_TAGS:-migrated_fynedo,no_emoji}" -o "$work/xpmsync" ./cmd/xpmsync
fi
start_xvfb ui-pause "$work"
export HOME=$work/home LANG=${LANG:-en_US.UTF-8}
mkdir -p "$HOME"
XPMSYNC_UI_PROBE=full "$work/xpmsync" --demo --demo-clients "$clients" --data-dir "$work/data" >"$work/app.out" 2>&1 &
app_pid=$!
t0=$(date +%s)
while [ $(( $(date +%s) - t0 )) -lt "$wait_s" ]; do
  line=$(grep -h 'UI responsiveness during the sync' "$work"/data/logs/*.log 2>/dev/null | head -n1 || true)
  if [ -n "$line" ]; then
    echo "ui-pause: $clients-client demo sync: $line"
    grep -h 'sync finished' "$work"/data/logs/*.log | head -n1 | sed 's/^/ui-pause: /'
    exit 0
  fi
  kill -0 "$app_pid" 2>/dev/null || { echo "ui-pause: the app exited:" >&2; tail -n 20 "$work/app.out" >&2; exit 1; }
  sleep 1
done
echo "ui-pause: no sync finished within ${wait_s} s" >&2
exit 1
