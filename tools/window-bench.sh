#!/usr/bin/env bash
# window-bench.sh — how fast the window opens on a large practice, and what it holds once idle.
#
# Builds the app, fills a private data folder with a demo practice of CLIENTS clients (default
# 50000; `xpmsync sync --demo`, kept in DATA between runs), then starts the app on it RUNS times
# (default 3) on a virtual X display with the start-up probe on (XPMSYNC_STARTUP_PROBE). Each
# start reports the time from launch to the first drawn window, and the resident memory (VmRSS)
# after IDLE seconds (default 10) of idling. The last line is the median of the starts.
# BIN=path/to/xpmsync measures that build instead of building this tree.
# Linux only (Xvfb, /proc). Needs: apt-get install -y xvfb xauth
set -euo pipefail
. "$(dirname "$0")/lib/xvfb.sh"
cd "$(dirname "$0")/.."
clients=${CLIENTS:-50000}
runs=${RUNS:-3}
idle=${IDLE:-10}
data=${DATA:-${TMPDIR:-/tmp}/xpmsync-window-bench-$clients}
command -v Xvfb >/dev/null || { echo "window-bench: missing Xvfb (apt-get install -y xvfb xauth)" >&2; exit 2; }

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
  cp "$BIN" "$work/xpmsync" # a build to compare with (BIN=path/to/xpmsync)
else
  echo "window-bench: building ./cmd/xpmsync"
  go build -tags "${APP_TAGS:-migrated_fynedo}" -o "$work/xpmsync" ./cmd/xpmsync
fi
mkdir -p "$work/home"
export HOME=$work/home LANG=${LANG:-en_US.UTF-8}
if [ ! -s "$data/.filled" ]; then
  echo "window-bench: filling $data with $clients demo clients (one full sync; minutes)"
  rm -rf "$data" && mkdir -p "$data"
  "$work/xpmsync" sync --demo --demo-clients "$clients" --data-dir "$data"
  echo "$clients" >"$data/.filled"
fi

start_xvfb window-bench "$work"

drawn=() rss=() cpu=()
for i in $(seq 1 "$runs"); do
  log=$work/app-$i.log
  : >"$log"
  XPMSYNC_STARTUP_PROBE=$(date +%s%N) "$work/xpmsync" --data-dir "$data" >"$log" 2>&1 &
  app_pid=$!
  ms=""
  for _ in $(seq 1 600); do
    ms=$(sed -n 's/^startup-probe: drawn_ms=//p' "$log" | head -n1)
    [ -n "$ms" ] && break
    kill -0 "$app_pid" 2>/dev/null || { echo "window-bench: the app exited:" >&2; tail -n 20 "$log" >&2; exit 1; }
    sleep 0.05
  done
  [ -n "$ms" ] || { echo "window-bench: no window within 30 s" >&2; tail -n 20 "$log" >&2; exit 1; }
  # Processor time used by then (user + system): on a busy machine the wall time mostly waits.
  cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$app_pid/stat")
  sleep "$idle"
  kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$app_pid/status")
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
  echo "window-bench: start $i: window drawn after ${ms} ms (${cpu_ms} ms of processor time), ${kb} kB resident after ${idle} s idle"
  drawn+=("$ms") rss+=("$kb") cpu+=("$cpu_ms")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "window-bench: $clients clients, median of $runs starts: drawn after $(median "${drawn[@]}") ms ($(median "${cpu[@]}") ms processor), $(( $(median "${rss[@]}") / 1024 )) MB resident idle"
