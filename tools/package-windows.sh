#!/usr/bin/env bash
# package-windows.sh — cross-build the Windows app "XPM Sync.exe" (GUI subsystem,
# icon and version info) with the fyne tool and MinGW-w64, into dist/windows/.
#
# The fyne tool bumps Build in a FyneApp.toml next to the sources on every run;
# we pass name/ID/version/build explicitly and put back any FyneApp.toml it
# could touch, so the work tree stays clean.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. tools/appmeta.sh
src=${SRC:-cmd/xpmsync}
out=${OUT_DIR:-dist/windows}
[ -d "$src" ] || { echo "package-windows: $src does not exist yet" >&2; exit 1; }
command -v x86_64-w64-mingw32-gcc >/dev/null || { echo "package-windows: needs x86_64-w64-mingw32-gcc (apt-get install -y gcc-mingw-w64-x86-64)" >&2; exit 1; }
fyne=$(bash tools/fyne-tool.sh)

backup=$(mktemp -d)
restore() {
  for f in FyneApp.toml "$src/FyneApp.toml"; do
    [ -f "$backup/$(echo "$f" | tr / _)" ] && cp "$backup/$(echo "$f" | tr / _)" "$root/$f"
  done
  rm -rf "$backup"
}
for f in FyneApp.toml "$src/FyneApp.toml"; do
  [ -f "$f" ] && cp "$f" "$backup/$(echo "$f" | tr / _)"
done
trap restore EXIT

echo "==> building $APP_NAME.exe $APP_VERSION (build $APP_BUILD) for windows/amd64"
mkdir -p "$out"
rm -f "$src/$APP_NAME.exe"
CC=x86_64-w64-mingw32-gcc CXX=x86_64-w64-mingw32-g++ GOARCH=amd64 CGO_ENABLED=1 \
  "$fyne" package --os windows --src "$src" --release \
    --name "$APP_NAME" --app-id "$APP_ID" --app-version "$APP_VERSION" --app-build "$APP_BUILD" \
    --icon "$APP_ICON" --tags migrated_fynedo,no_emoji
mv -f "$src/$APP_NAME.exe" "$out/$APP_NAME.exe"
echo "==> $out/$APP_NAME.exe ($(du -h "$out/$APP_NAME.exe" | cut -f1))"
