#!/usr/bin/env bash
# appmeta.sh — read the app's identity from FyneApp.toml (the one place it is
# written) into APP_NAME, APP_ID, APP_VERSION and APP_BUILD, unless the caller
# already set them (e.g. `make package-windows APP_BUILD=7`). Meant to be sourced.
_meta() { sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"\{0,1\}\([^\"]*\)\"\{0,1\}[[:space:]]*\$/\1/p" FyneApp.toml | head -n1; }
: "${APP_NAME:=$(_meta Name)}"
: "${APP_ID:=$(_meta ID)}"
: "${APP_VERSION:=$(_meta Version)}"
: "${APP_BUILD:=$(_meta Build)}"
: "${APP_ICON:=$PWD/assets/icon.png}"
export APP_NAME APP_ID APP_VERSION APP_BUILD APP_ICON
