#!/usr/bin/env bash
# pg-cluster.sh CMD... — run CMD with a throwaway PostgreSQL cluster, then remove it.
#
# The cluster lives in a temporary folder owned by an unprivileged user (postgres when run as
# root: initdb refuses root), listens on a Unix socket in that folder and on a free loopback
# port, and runs without fsync (test data only). CMD sees its admin URL in XPMSYNC_TEST_PG.
# Without PostgreSQL's binaries (a Mac, a minimal box) CMD is not run and one line says so —
# unless XPMSYNC_REQUIRE_PG=1 (CI), which installs Debian's postgresql or fails. With
# XPMSYNC_PG_OPTIONAL=1 (make bench) CMD runs anyway, and what needs the cluster skips.
set -euo pipefail
cd "$(dirname "$0")/.."

find_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return; }; done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
  return 0
}

bin=$(find_bin)
if [ -z "$bin" ] && [ "${XPMSYNC_REQUIRE_PG:-}" = 1 ]; then
  bash tools/deps.sh postgres
  bin=$(find_bin)
fi
if [ -z "$bin" ]; then
  if [ "${XPMSYNC_REQUIRE_PG:-}" = 1 ]; then
    echo "pg-cluster.sh: PostgreSQL is required (XPMSYNC_REQUIRE_PG=1) but initdb was not found" >&2
    exit 1
  fi
  if [ "${XPMSYNC_PG_OPTIONAL:-}" = 1 ]; then
    echo "pg-cluster.sh: PostgreSQL is not installed; running without it (its variants skip)."
    exec "$@"
  fi
  echo "SKIP: PostgreSQL is not installed, so the store and engine tests ran on SQLite only (install postgresql to run them on both)."
  exit 0
fi

dir=$(mktemp -d /tmp/xpmsync-pg.XXXXXX)
chmod 755 "$dir"
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir"
  as_owner=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)

cleanup() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
  "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

export XPMSYNC_TEST_PG="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
echo "pg-cluster.sh: PostgreSQL $("$bin/postgres" -V | awk '{print $3}') on 127.0.0.1:$port (socket in $dir)"
"$@"
