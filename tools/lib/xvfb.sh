# Sourced by the tools that run the app on a virtual X display (screenshot.sh, screenshots.sh,
# ui-pause.sh, window-bench.sh, wine-smoke.sh), so they all start Xvfb the same way.
#
# start_xvfb NAME WORKDIR [WxHxD]: start Xvfb on a free display (Xvfb picks it and writes it to
# fd 3, so parallel runs never collide), set xvfb_pid for the caller's cleanup trap and export
# DISPLAY. Exits with NAME in the message when Xvfb does not come up within 10 s.
start_xvfb() {
  local name=$1 work=$2 screen=${3:-1280x800x24}
  Xvfb -displayfd 3 -screen 0 "$screen" -nolisten tcp 3>"$work/display" >/dev/null 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 1 100); do [ -s "$work/display" ] && break; sleep 0.1; done
  [ -s "$work/display" ] || { echo "$name: Xvfb did not start" >&2; exit 1; }
  export DISPLAY=":$(cat "$work/display")"
}
