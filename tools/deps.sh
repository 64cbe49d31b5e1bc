#!/usr/bin/env bash
# deps.sh GROUP... — make sure the system packages a make target needs are present.
#
# Groups: build (Fyne's cgo build), test (real-keychain tests), screenshot (Xvfb
# capture), windows (MinGW cross-compiler), wine (running the Windows build),
# postgres (the throwaway cluster of the PostgreSQL test runs).
# On Debian/Ubuntu it installs only what is missing (sudo only when not root) and
# is a quiet no-op when all is there; elsewhere it says what to install.
set -euo pipefail

declare -A PKGS=(
  [build]="gcc pkg-config libgl1-mesa-dev xorg-dev"
  [test]="dbus gnome-keyring"
  [screenshot]="xvfb xauth imagemagick xdotool"
  [windows]="gcc-mingw-w64-x86-64"
  [wine]="wine wine64 xvfb xauth imagemagick xdotool"
  [postgres]="postgresql"
)

groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(build)
for g in "${groups[@]}"; do
  [ -n "${PKGS[$g]:-}" ] || { echo "deps.sh: unknown group '$g' (known: ${!PKGS[*]})" >&2; exit 2; }
done

case "$(uname -s)" in
  Darwin)
    if ! xcode-select -p >/dev/null 2>&1; then
      echo "XPM Sync needs the Xcode command line tools (a C compiler for Fyne): run  xcode-select --install  then try again." >&2
      exit 1
    fi
    for g in "${groups[@]}"; do
      case $g in
        test) echo "note: the real-keychain tests run on Linux only (macOS uses the login Keychain directly)." ;;
        windows|wine|screenshot) echo "note: '$g' tools are Linux-only here; skip this target on macOS." ;;
      esac
    done
    exit 0 ;;
  MINGW*|MSYS*|CYGWIN*)
    if ! command -v gcc >/dev/null 2>&1; then
      cat >&2 <<'MSG'
XPM Sync needs a MinGW-w64 gcc for Fyne's cgo build. Install MSYS2 (msys2.org), then in its
shell run:  pacman -S mingw-w64-x86_64-toolchain  and add C:\msys64\mingw64\bin to PATH.
MSG
      exit 1
    fi
    exit 0 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  want=""
  for g in "${groups[@]}"; do want="$want ${PKGS[$g]}"; done
  echo "deps.sh: not a Debian/Ubuntu system; make sure the equivalents of these are installed:$want" >&2
  echo "  (Fedora: gcc pkgconf libXcursor-devel libXrandr-devel mesa-libGL-devel libXi-devel libXinerama-devel libXxf86vm-devel)" >&2
  exit 0
fi

missing=()
for g in "${groups[@]}"; do
  for p in ${PKGS[$g]}; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      case " ${missing[*]-} " in *" $p "*) ;; *) missing+=("$p") ;; esac
    fi
  done
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "deps.sh: missing packages: ${missing[*]}; run as root:  apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
echo "==> installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has empty package lists; refresh once before installing.
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
echo "==> installed: ${missing[*]}"
