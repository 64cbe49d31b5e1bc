#!/usr/bin/env bash
# screenshot.sh [OUT.png] — build the app, run it with --demo on a virtual X
# display (Xvfb), wait for the "XPM Sync" window and for the demo sync to finish,
# and save a PNG of the window (default docs/screenshot.png).
#
# FYNE_THEME (light or dark, default light) picks the theme for the shot.
# SETTLE (seconds, default 20) is how long the demo gets to connect and sync
# after the window appears; XDO (optional) is a shell snippet run just before
# the shot with $WID set, to drive the window, e.g.
#   XDO='xdotool mousemove --window $WID 300 20 click 1' make screenshot
set -euo pipefail
. "$(dirname "$0")/lib/xvfb.sh"
cd "$(dirname "$0")/.."
out=${1:-docs/screenshot.png}
settle=${SETTLE:-20}
window_wait=${WINDOW_WAIT:-60}
for t in Xvfb xdotool /usr/bin/import; do
  command -v "$t" >/dev/null || { echo "screenshot: missing $t (apt-get install -y xvfb xauth imagemagick xdotool)" >&2; exit 2; }
done

work=$(mktemp -d)
xvfb_pid="" app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$app_pid" ] && wait "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "screenshot: building ./cmd/xpmsync"
go build -tags "${APP_TAGS:-migrated_fynedo,no_emoji}" -o "$work/xpmsync" ./cmd/xpmsync

start_xvfb screenshot "$work"
export LANG=${LANG:-en_US.UTF-8}

# A private data dir and HOME: the shot always shows a first demo sync, and the
# developer's own database and preferences are never touched.
mkdir -p "$work/home"
FYNE_THEME=${FYNE_THEME:-light} HOME=$work/home "$work/xpmsync" --demo --data-dir "$work/data" >"$work/app.log" 2>&1 &
app_pid=$!
t0=$(date +%s)
wid=""
while [ $(( $(date +%s) - t0 )) -lt "$window_wait" ]; do
  kill -0 "$app_pid" 2>/dev/null || { echo "screenshot: the app exited early:" >&2; tail -n 30 "$work/app.log" >&2; exit 1; }
  wid=$(xdotool search --onlyvisible --name '^XPM Sync' 2>/dev/null | head -n1 || true)
  [ -n "$wid" ] && break
  sleep 0.5
done
[ -n "$wid" ] || { echo "screenshot: no 'XPM Sync' window within ${window_wait}s" >&2; tail -n 30 "$work/app.log" >&2; exit 1; }
echo "screenshot: window up after $(( $(date +%s) - t0 ))s; waiting ${settle}s for the demo sync"
sleep "$settle"
kill -0 "$app_pid" 2>/dev/null || { echo "screenshot: the app exited during the demo:" >&2; tail -n 30 "$work/app.log" >&2; exit 1; }
# A first start shows the Getting started tour with its Close button focused: Space closes it.
xdotool windowfocus --sync "$wid" key space; sleep 1
if [ -n "${XDO:-}" ]; then WID=$wid bash -c "$XDO"; sleep 2; fi
mkdir -p "$(dirname "$out")"
/usr/bin/import -window "$wid" "$out"
echo "screenshot: saved $out ($(identify -format '%wx%h' "$out" 2>/dev/null || echo '?'))"
