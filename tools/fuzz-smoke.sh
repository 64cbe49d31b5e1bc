#!/usr/bin/env bash
# fuzz-smoke.sh [FUZZTIME] — run every fuzz target in the tree briefly (default 40,000
# inputs each), so a crash in a parser shows up in `make test`, not in the field.
# The budget is a count, not a duration: Go 1.26's coordinator can fail a target with a bare
# "context deadline exceeded" when a duration runs out while a worker is still minimizing an
# input (go.dev/issue/75804, fixed in Go 1.27); a count has no deadline to race, and a real hang
# still fails, by the per-target -timeout. Minimizing a new input is capped so that a fresh
# machine, whose corpus is only the seeds, does not spend a minute on each one.
# Targets are discovered per package with `go test -list`, so new ones join in
# without editing this file. A crashing input is saved under testdata/fuzz by Go
# and the script fails.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${1:-40000x}
pkgs=$(grep -rlE --include='*_test.go' '^func Fuzz[A-Z0-9_]' . 2>/dev/null | xargs -r -n1 dirname | sort -u)
if [ -z "$pkgs" ]; then
  echo "fuzz: no fuzz targets in the tree"
  exit 0
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
n=0
for p in $pkgs; do
  for f in $(go test -list '^Fuzz' "$p" | grep '^Fuzz' || true); do
    # Progress lines are noise when it passes; show them only on a failure.
    if go test -run '^$' -fuzz "^${f}\$" -fuzztime "$fuzztime" -fuzzminimizetime 3s -timeout 5m "$p" >"$log" 2>&1; then
      echo "fuzz: ok   $p $f ($(grep -oE 'execs: [0-9]+' "$log" | tail -n1 | cut -d' ' -f2) execs, $fuzztime)"
    else
      echo "fuzz: FAIL $p $f — the failing input is saved under $p/testdata/fuzz/$f:" >&2
      tail -n 60 "$log" >&2
      exit 1
    fi
    n=$((n + 1))
  done
done
echo "fuzz: $n target(s) ran for $fuzztime each without a failure"
