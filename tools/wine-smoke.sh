#!/usr/bin/env bash
# wine-smoke.sh [EXE] [OUT.png] — prove the Windows build starts: run EXE --demo
# under wine in a fresh WINEPREFIX on a virtual X display, wait for its window
# ("XPM Sync"), let the demo sync run, save a screenshot, and fail if the
# process died first.
#
# Go >= 1.24 executables need ProcessPrng from bcryptprimitives.dll, which
# Debian's wine 8 lacks; a stand-in built from packaging/windows is put in the
# throw-away prefix only (never shipped: real Windows has the genuine DLL).
set -euo pipefail
. "$(dirname "$0")/lib/xvfb.sh"
cd "$(dirname "$0")/.."
exe=${1:-dist/windows/XPM Sync.exe}
out=${2:-dist/windows-wine.png}
window_wait=${WINDOW_WAIT:-90}  # seconds to wait for the window to appear
settle=${SETTLE:-20}            # seconds the window must stay up (demo sync) before the shot
for t in wine wineboot wineserver Xvfb xdotool x86_64-w64-mingw32-gcc /usr/bin/import; do
  command -v "$t" >/dev/null || { echo "wine-smoke: missing $t (make deps: tools/deps.sh wine windows)" >&2; exit 2; }
done
[ -f "$exe" ] || { echo "wine-smoke: $exe not found (run make package-windows)" >&2; exit 2; }

work=$(mktemp -d)
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEARCH=win64
# No Mono/Gecko installer dialogs in a throw-away prefix.
export WINEDLLOVERRIDES="mscoree,mshtml="
xvfb_pid="" app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  wineserver -k 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "wine-smoke: building the stand-in bcryptprimitives.dll"
x86_64-w64-mingw32-gcc -O2 -shared -s -o "$work/bcryptprimitives.dll" \
  packaging/windows/bcryptprimitives.c packaging/windows/bcryptprimitives.def

start_xvfb wine-smoke "$work" 1600x1000x24

echo "wine-smoke: creating a fresh prefix ($(wine --version))"
t0=$(date +%s)
wineboot -i >"$work/wineboot.log" 2>&1 || { cat "$work/wineboot.log" >&2; exit 1; }
wineserver -w
cp "$work/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
echo "wine-smoke: prefix ready in $(( $(date +%s) - t0 ))s"

echo "wine-smoke: starting $exe --demo"
wine "$exe" --demo >"$work/app.log" 2>&1 &
app_pid=$!
died() {
  echo "wine-smoke: FAIL: the Windows app exited $1; its output:" >&2
  tail -n 40 "$work/app.log" >&2
  exit 1
}
t0=$(date +%s)
found=""
while [ $(( $(date +%s) - t0 )) -lt "$window_wait" ]; do
  kill -0 "$app_pid" 2>/dev/null || died "before showing its window"
  if xdotool search --name "XPM Sync" >/dev/null 2>&1; then found=1; break; fi
  sleep 1
done
[ -n "$found" ] || { echo "wine-smoke: FAIL: no 'XPM Sync' window within ${window_wait}s" >&2; tail -n 40 "$work/app.log" >&2; exit 1; }
echo "wine-smoke: window shown after $(( $(date +%s) - t0 ))s; letting the demo run ${settle}s"
for _ in $(seq 1 "$settle"); do
  kill -0 "$app_pid" 2>/dev/null || died "while its window was up"
  sleep 1
done
mkdir -p "$(dirname "$out")"
/usr/bin/import -window root "$out"
kill -0 "$app_pid" 2>/dev/null || died "during the screenshot"
echo "wine-smoke: OK — the Windows app ran under wine; screenshot: $out"
