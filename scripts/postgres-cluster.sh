#!/usr/bin/env bash
# PostgreSQL clusters on loopback: a throwaway one for tests and benchmarks, and a primary with a streaming standby
# (pg_basebackup) for the failover drill and for operators (docs/scaling.md, "Streaming replica").
#   scripts/postgres-cluster.sh start DIR [PORT]     throwaway cluster (fsync off, asynchronous commits); prints its connection string
#   scripts/postgres-cluster.sh primary DIR [PORT]   a primary for replication (fsync on, commits durable); prints its connection string
#   scripts/postgres-cluster.sh standby PRIMARY-CS DIR [PORT]
#                                                    a hot standby of that primary, made with pg_basebackup and streaming from it;
#                                                    the primary's commits then wait until the standby applied them
#                                                    (synchronous_standby_names, synchronous_commit=remote_apply; ASYNC=1: not);
#                                                    prints the standby's connection string
#   scripts/postgres-cluster.sh promote DIR          the standby becomes a primary (pg_ctl promote); it then commits alone
#   scripts/postgres-cluster.sh replication DIR      on a primary: its standbys and their lag (pg_stat_replication)
#   scripts/postgres-cluster.sh stop DIR             stops the cluster at once (-m immediate)
# Installs PostgreSQL from Debian when it is missing. initdb refuses root, so the clusters run as 'postgres'.
set -euo pipefail
usage="usage: postgres-cluster.sh start|primary|stop|promote|replication DIR [PORT] | standby PRIMARY-CS DIR [PORT]"
action=${1:?$usage}
if [ "$action" = standby ]; then
  primary_cs=${2:?$usage}; shift
fi
dir=${2:?$usage}
port=${3:-55432}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL not found; installing it from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts the cluster in $dir on $port with the given server settings (after the common ones).
launch() {
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
    "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 $*" \
    start >&2 || { cat "$dir/server.log" >&2; exit 1; }
}

prepare() {
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  return 0
}

init() {
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
}

psql_at() { # psql_at PORT SQL: one statement, over TCP on loopback
  as_postgres "$bin/psql" -X -q -At -h 127.0.0.1 -p "$1" -U postgres -d postgres -c "$2"
}

# The host and port of an Npgsql connection string (Host=...;Port=...).
cs_value() { echo "$1" | tr ';' '\n' | sed -n "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*//Ip" | head -n 1; }

case "$action" in
  start)
    prepare; init
    launch -c fsync=off -c synchronous_commit=off -c full_page_writes=off
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  primary)
    # wal_level=replica and max_wal_senders are PostgreSQL's defaults; initdb's pg_hba.conf lets 127.0.0.1 replicate.
    prepare; init
    launch -c wal_level=replica -c max_wal_senders=10 -c wal_keep_size=256MB -c hot_standby_feedback=on
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  standby)
    phost=$(cs_value "$primary_cs" Host); pport=$(cs_value "$primary_cs" Port)
    phost=${phost:-127.0.0.1}; pport=${pport:-5432}
    name="standby_$port"
    prepare
    [ -f "$dir/data/PG_VERSION" ] && { echo "$dir/data already holds a cluster" >&2; exit 1; }
    as_postgres "$bin/pg_basebackup" -h "$phost" -p "$pport" -U postgres -D "$dir/data" -X stream -c fast --no-sync >&2
    # A standby of the primary: streams from it and answers read-only queries (hot_standby is the default).
    as_postgres touch "$dir/data/standby.signal"
    printf "primary_conninfo = 'host=%s port=%s user=postgres application_name=%s'\n" "$phost" "$pport" "$name" \
      | as_postgres tee -a "$dir/data/postgresql.auto.conf" >/dev/null
    launch -c hot_standby_feedback=on
    # Wait until it streams, then make the primary's commits wait for it (unless ASYNC=1).
    for _ in $(seq 1 100); do
      [ "$(psql_at "$pport" "SELECT count(*) FROM pg_stat_replication WHERE application_name = '$name' AND state = 'streaming'")" = 1 ] && break
      sleep 0.1
    done
    if [ "${ASYNC:-0}" != 1 ]; then
      psql_at "$pport" "ALTER SYSTEM SET synchronous_standby_names = '\"$name\"'" >&2
      psql_at "$pport" "ALTER SYSTEM SET synchronous_commit = 'remote_apply'" >&2
      psql_at "$pport" "SELECT pg_reload_conf()" >/dev/null
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  promote)
    as_postgres "$bin/pg_ctl" -D "$dir/data" -w promote >&2
    # It commits alone now: no standby to wait for (a standby made later from it sets this again).
    port=$(head -n 4 "$dir/data/postmaster.pid" | tail -n 1)
    psql_at "$port" "ALTER SYSTEM RESET synchronous_standby_names" >&2
    psql_at "$port" "SELECT pg_reload_conf()" >/dev/null
    ;;
  replication)
    port=$(head -n 4 "$dir/data/postmaster.pid" | tail -n 1)
    as_postgres "$bin/psql" -X -h 127.0.0.1 -p "$port" -U postgres -d postgres -c \
      "SELECT application_name, state, sync_state, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) AS replay_lag_bytes, write_lag, flush_lag, replay_lag FROM pg_stat_replication"
    ;;
  stop)
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate stop >&2 || true
    ;;
  *)
    echo "unknown action '$action'; $usage" >&2; exit 2 ;;
esac
