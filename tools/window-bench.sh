#!/usr/bin/env bash
# window-bench.sh — how fast the window opens on a large practice, and what it holds once idle.
#
# Builds the app, fills a private data folder with a demo practice of CLIENTS clients (default
# 50000; `xpmsync sync --demo`, kept in DATA between runs), then starts the app on it RUNS times
# (default 3) on a virtual X display with the start-up probe on (XPMSYNC_STARTUP_PROBE). Each
# start reports the time from launch to the first drawn window (and the processor time the app had
# used by then, which a busy machine inflates far less than the wall time), and the resident
# memory (VmRSS) after IDLE seconds (default 10) of idling, split by /proc/PID/smaps into: the
# app's anonymous memory (Go heap, C heap, stacks), the app's own code, the OpenGL driver's
# libraries (the ones libGL loads at run time: on Xvfb, Mesa's software renderer with LLVM), the
# other libraries, and shared memory with the X server. The last line is the median of the starts.
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
  go build -tags "${APP_TAGS:-migrated_fynedo,no_emoji}" -o "$work/xpmsync" ./cmd/xpmsync
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

# The libraries the app itself links; any other library in its memory was loaded by libGL at run
# time (the graphics driver).
linked=$(ldd "$work/xpmsync" | awk '$1 ~ /\.so/ {n=$1; sub(/.*\//, "", n); print n}' | tr '\n' ' ')

# memory_split PID: "anon=… own=… driver=… libs=… shm=…" in MB, from the process's smaps.
memory_split() {
  awk -v own="$(readlink -f "$work/xpmsync")" -v linked=" $linked " '
    /^[0-9a-f]+-[0-9a-f]+ / { f = $6; base = f; sub(/.*\//, "", base)
      if (f == "" || f ~ /^\[/) k = "anon"; else if (f == own) k = "own"
      else if (f ~ /^\/SYSV/) k = "shm"; else if (f ~ /\.so/ && index(linked, " " base " ") == 0) k = "driver"
      else k = "libs"; next }
    /^Rss:/ { kb[k] += $2 }
    END { printf "anon=%d own=%d driver=%d libs=%d shm=%d", kb["anon"]/1024, kb["own"]/1024, kb["driver"]/1024, kb["libs"]/1024, kb["shm"]/1024 }' "/proc/$1/smaps"
}

drawn=() rss=() cpu=() anon=() driver=()
for i in $(seq 1 "$runs"); do
  log=$work/app-$i.log
  : >"$log"
  XPMSYNC_STARTUP_PROBE=$(date +%s%N) "$work/xpmsync" --data-dir "$data" >"$log" 2>&1 &
  app_pid=$!
  # Wait for the frame without polling: a loop that forks sed and sleep every 50 ms took the
  # processor from the start it measured (about 100 ms of wall time on two cores). tail follows the
  # log until the app exits; grep stops at the line.
  line=$(timeout 30 tail --pid="$app_pid" -n +1 -f "$log" 2>/dev/null | grep -m1 '^startup-probe: drawn_ms=' || true)
  ms=${line#startup-probe: drawn_ms=}
  if [ -z "$ms" ]; then
    kill -0 "$app_pid" 2>/dev/null || { echo "window-bench: the app exited:" >&2; tail -n 20 "$log" >&2; exit 1; }
    echo "window-bench: no window within 30 s" >&2; tail -n 20 "$log" >&2; exit 1
  fi
  # Processor time used by then (user + system), as the app measured it at the first frame; a
  # build without that line is read from /proc a moment later.
  cpu_ms=$(sed -n 's/^startup-probe: drawn_cpu_ms=//p' "$log" | head -n1)
  [ -n "$cpu_ms" ] || cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$app_pid/stat")
  sleep "$idle"
  kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$app_pid/status")
  split=$(memory_split "$app_pid")
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
  # The steps the app marked on the way (ms since launch), to tell a slow start apart step by step.
  steps=$(sed -n 's/^startup-probe: \(.*\)_ms=\([0-9]*\)$/\1=\2/p' "$log" | grep -v '^drawn' | tr '\n' ' ')
  echo "window-bench: start $i steps (ms): ${steps% }"
  echo "window-bench: start $i: window drawn after ${ms} ms (${cpu_ms} ms of processor time), ${kb} kB resident after ${idle} s idle (MB: $split)"
  drawn+=("$ms") rss+=("$kb") cpu+=("$cpu_ms")
  anon+=("$(echo "$split" | sed 's/.*anon=\([0-9]*\).*/\1/')") driver+=("$(echo "$split" | sed 's/.*driver=\([0-9]*\).*/\1/')")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "window-bench: $clients clients, median of $runs starts: drawn after $(median "${drawn[@]}") ms ($(median "${cpu[@]}") ms processor), $(( $(median "${rss[@]}") / 1024 )) MB resident idle, of which $(median "${driver[@]}") MB the OpenGL driver's libraries and $(median "${anon[@]}") MB anonymous"
