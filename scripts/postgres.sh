# Sourced by scripts/test, bench/nodes and bench/quality/run: a throwaway
# PostgreSQL cluster on loopback from Debian's binaries (installed by the
# caller when missing), owned by the postgres user since PostgreSQL
# refuses to run as root. `start_throwaway_postgres [SERVER OPTION...]`
# sets pg_url and pg_dir; `stop_throwaway_postgres` stops it and removes its files.

start_throwaway_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  pg_dir=$(mktemp -d /tmp/warta-pg.XXXXXX)
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  if [ "$(id -u)" = 0 ]; then chown postgres "$pg_dir"; fi
  as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres >/dev/null
  local options="-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300"
  for option in "$@"; do options="$options -c $option"; done
  as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -o "$options" start >/dev/null
  pg_url="postgres://postgres@127.0.0.1:$port/postgres"
}

stop_throwaway_postgres() {
  [ -n "${pg_dir:-}" ] || return 0
  as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
