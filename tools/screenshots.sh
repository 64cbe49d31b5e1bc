#!/usr/bin/env bash
# screenshots.sh [OUTDIR] — the docs/ pictures of every tab, from the lived-in demo practice
# (`xpmsync --demo`): build the app, run it on a virtual X display (Xvfb), wait for the demo's
# history to be built, then click through the tabs with xdotool and save one PNG per view:
#   connection.png sync-settings.png clients.png sync-differences.png staff-linking.png
#   import-review.png integration-progress.png data-health.png
# The clicks are window coordinates of the 1200x800 window the app opens with.
set -euo pipefail
. "$(dirname "$0")/lib/xvfb.sh"
cd "$(dirname "$0")/.."
out=${1:-docs}
for t in Xvfb xdotool /usr/bin/import; do
  command -v "$t" >/dev/null || { echo "screenshots: missing $t (apt-get install -y xvfb xauth imagemagick xdotool)" >&2; exit 2; }
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

echo "screenshots: building ./cmd/xpmsync"
go build -tags "${APP_TAGS:-migrated_fynedo,no_emoji}" -o "$work/xpmsync" ./cmd/xpmsync

start_xvfb screenshots "$work"
export LANG=${LANG:-en_US.UTF-8}

# A private HOME and data folder: the developer's own database and window size are never touched.
mkdir -p "$work/home"
FYNE_THEME=${FYNE_THEME:-light} HOME=$work/home "$work/xpmsync" --demo --data-dir "$work/data" >"$work/app.log" 2>&1 &
app_pid=$!
t0=$(date +%s)
until grep -q "Demo practice ready" "$work/app.log"; do
  kill -0 "$app_pid" 2>/dev/null || { echo "screenshots: the app exited:" >&2; tail -n 30 "$work/app.log" >&2; exit 1; }
  [ $(( $(date +%s) - t0 )) -lt 180 ] || { echo "screenshots: no demo history within 180 s" >&2; tail -n 30 "$work/app.log" >&2; exit 1; }
  sleep 0.5
done
grep "Demo practice ready" "$work/app.log"
sleep 3
wid=$(xdotool search --onlyvisible --name '^XPM Sync' | head -n1)
[ -n "$wid" ] || { echo "screenshots: no 'XPM Sync' window" >&2; exit 1; }
# A first start shows the Getting started tour with its Close button focused: Space closes it.
xdotool windowfocus --sync "$wid" key space; sleep 1
mkdir -p "$out"

click() { xdotool mousemove --window "$wid" "$1" "$2" click 1; sleep "${3:-1.5}"; }
shot() { /usr/bin/import -window "$wid" "$out/$1"; echo "screenshots: $out/$1"; }

click 65 50;  shot connection.png
click 195 50; shot sync-settings.png
click 422 50; shot staff-linking.png
# Clients: the "Has differences" filter, then the first client in it.
click 310 50; click 80 127 1; click 62 357; click 150 215 2; shot clients.png
click 780 176 2; shot sync-differences.png
click 600 621 1
click 583 50; shot integration-progress.png
click 857 226 2; shot import-review.png
# Data health: Clients tab, the last filter, "Data problems" (its checks run as it opens).
# The first finding chosen, so its clients show side by side.
click 310 50; click 80 127 1; click 62 542 3; click 500 185 2; shot data-health.png
