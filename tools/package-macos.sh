#!/usr/bin/env bash
# package-macos.sh — build "XPM Sync.app" with the fyne tool, on a Mac, into
# dist/macos/ together with a zip to hand out. It cannot be cross-built from
# Linux: Fyne's macOS driver needs Apple's SDK (Cocoa, OpenGL) through cgo.
#
# Needs: Go 1.26 and the Xcode command line tools (xcode-select --install).
# GOARCH=amd64 builds for Intel Macs from an Apple-silicon Mac (default: this Mac's).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(uname -s)" != "Darwin" ]; then
  cat >&2 <<'MSG'
package-macos: the macOS app can only be built on a Mac (Fyne's macOS driver links Apple's
Cocoa and OpenGL frameworks through cgo). On a Mac with Go 1.26 installed run:
    xcode-select --install      # once: Apple's C compiler and SDK
    make package-macos          # -> dist/macos/XPM Sync.app and a .zip
Nothing was built here.
MSG
  exit 1
fi
xcode-select -p >/dev/null 2>&1 || { echo "package-macos: install the Xcode command line tools first: xcode-select --install" >&2; exit 1; }
root=$PWD
. tools/appmeta.sh
src=${SRC:-cmd/xpmsync}
out=${OUT_DIR:-dist/macos}
arch=${GOARCH:-$(go env GOARCH)}
fyne=$(bash tools/fyne-tool.sh)

# The fyne tool bumps Build in a FyneApp.toml next to the sources: keep the tree clean.
backup=$(mktemp -d)
for f in FyneApp.toml "$src/FyneApp.toml"; do [ -f "$f" ] && cp "$f" "$backup/$(echo "$f" | tr / _)"; done
restore() {
  for f in FyneApp.toml "$src/FyneApp.toml"; do
    b="$backup/$(echo "$f" | tr / _)"; [ -f "$b" ] && cp "$b" "$root/$f"
  done
  rm -rf "$backup"
}
trap restore EXIT

echo "==> building $APP_NAME.app $APP_VERSION (build $APP_BUILD) for darwin/$arch"
rm -rf "$APP_NAME.app" "$src/$APP_NAME.app"
GOARCH=$arch CGO_ENABLED=1 "$fyne" package --os darwin --src "$src" --release \
  --name "$APP_NAME" --app-id "$APP_ID" --app-version "$APP_VERSION" --app-build "$APP_BUILD" \
  --icon "$APP_ICON" --tags migrated_fynedo,no_emoji
mkdir -p "$out"
rm -rf "$out/$APP_NAME.app"
if [ -d "$APP_NAME.app" ]; then mv "$APP_NAME.app" "$out/"; else mv "$src/$APP_NAME.app" "$out/"; fi
zip="$out/$APP_NAME-$APP_VERSION-macos-$arch.zip"
rm -f "$zip"
ditto -c -k --keepParent "$out/$APP_NAME.app" "$zip"
cat <<MSG
==> $out/$APP_NAME.app and $zip
The app is not signed with an Apple Developer ID: on first launch, right-click it, choose Open,
then Open again (or: xattr -dr com.apple.quarantine "/Applications/$APP_NAME.app").
MSG
