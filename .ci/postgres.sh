#!/usr/bin/env bash
# Sourced by .ci/run: starts a throw-away PostgreSQL server on 127.0.0.1 (a free port, a temporary data directory)
# for the indexer tests, exports DATABASE_URL, and stops and deletes it when the calling shell exits.
# Uses the binaries in /usr/lib/postgresql/<version>/bin; without them it installs Debian's `postgresql` package.
# PostgreSQL refuses to run as root: as root the cluster belongs to a system user `openledger-pg` (created if needed).

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

PG_BIN="$(pg_bin)"
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" ]]; then
  echo "[ci] PostgreSQL server binaries missing: installing Debian's postgresql package" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  PG_BIN="$(pg_bin)"
fi

PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/openledger-pg.XXXXXX")"
PG_PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
as_pg=()
if [[ "$(id -u)" == "0" ]]; then
  id openledger-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin openledger-pg
  chown openledger-pg "$PG_DIR"
  as_pg=(runuser -u openledger-pg --)
fi
"${as_pg[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 >"$PG_DIR/initdb.log" 2>&1 ||
  { cat "$PG_DIR/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
  -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=200" start >/dev/null ||
  { cat "$PG_DIR/server.log" >&2; exit 1; }

stop_postgres() {
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_postgres EXIT

export DATABASE_URL="postgresql://postgres@127.0.0.1:${PG_PORT}/postgres"
echo "[ci] PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:${PG_PORT} (${PG_DIR}) for the indexer tests" >&2
