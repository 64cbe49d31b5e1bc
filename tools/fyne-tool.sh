#!/usr/bin/env bash
# fyne-tool.sh — print the path of the pinned `fyne` packaging tool, installing it
# first if needed. It is built for the host with the host's compiler, before any
# cross-compiling CC/GOOS is set, and kept outside the repo.
set -euo pipefail
version=v1.7.4
dir=${XPMSYNC_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/xpmsync-tools}/fyne-$version
if [ ! -x "$dir/fyne" ]; then
  echo "==> installing fyne.io/tools/cmd/fyne@$version" >&2
  mkdir -p "$dir"
  env -u GOOS -u GOARCH -u CC GOBIN="$dir" go install "fyne.io/tools/cmd/fyne@$version" >&2
fi
echo "$dir/fyne"
