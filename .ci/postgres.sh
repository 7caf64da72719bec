#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, on a free loopback port, with trust authentication for 127.0.0.1 only.
#   eval "$(.ci/postgres.sh start)"   starts one (installing Debian's postgresql package first if needed, as root) and prints
#                                      export SOURCEBOT_TEST_POSTGRES=... for the PostgreSQL tests
#   .ci/postgres.sh restart            restarts it in place (same folder, port and data; for tests of a database restart)
#   .ci/postgres.sh stop               stops it and deletes its folder
# The cluster lives in a temp folder owned by the user that runs the server (initdb refuses root: as root it runs as
# 'postgres'); .cache/postgres/cluster (git-ignored) remembers where, for stop. Progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
state_file=.cache/postgres/cluster

log() { echo "postgres.sh: $*" >&2; }

bin_dir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$dir" && -x "$dir/initdb" ]]; then echo "$dir"; return; fi
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then dirname "$(command -v initdb)"; return; fi
    return 1
}

install_postgres() {
    if [[ $(id -u) -ne 0 ]]; then
        log "initdb and pg_ctl are missing; install Debian's postgresql package (as root: apt-get install postgresql)"
        exit 1
    fi
    log "installing Debian's postgresql package"
    # The tests start their own cluster: ask the package not to create and start its default one on port 5432.
    mkdir -p /etc/postgresql-common
    [[ -e /etc/postgresql-common/createcluster.conf ]] || echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold postgresql >&2
}

# Runs a command as the server's user: 'postgres' when we are root, else ourselves.
as_server_user() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

connection_string() { echo "Host=127.0.0.1;Port=$1;Username=postgres;Database=postgres"; }

start() {
    if [[ -f "$state_file" ]]; then
        read -r dir port < "$state_file"
        local bin
        bin=$(bin_dir)
        if as_server_user "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
            log "already running on 127.0.0.1:$port ($dir)"
            echo "export SOURCEBOT_TEST_POSTGRES='$(connection_string "$port")'"
            return
        fi
        rm -rf "$dir" "$state_file"
    fi
    local bin
    bin=$(bin_dir) || { install_postgres; bin=$(bin_dir); }
    local dir
    dir=$(mktemp -d /tmp/sourcebot-postgres.XXXXXX)
    chmod 700 "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    as_server_user "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-locale -E UTF8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
    local port attempt
    for attempt in 1 2 3 4 5 6 7 8; do
        port=$((20000 + RANDOM % 20000))
        port_in_use "$port" && continue
        # fsync and friends off: a throwaway cluster for tests trades crash safety for speed.
        if as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o \
            "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >&2; then
            mkdir -p "$(dirname "$state_file")"
            echo "$dir $port" > "$state_file"
            log "started PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir)"
            echo "export SOURCEBOT_TEST_POSTGRES='$(connection_string "$port")'"
            return
        fi
        log "could not start on port $port (attempt $attempt); trying another"
    done
    tail -n 20 "$dir/server.log" >&2 || true
    rm -rf "$dir"
    exit 1
}

restart() {
    [[ -f "$state_file" ]] || { log "no cluster to restart (start one first)"; exit 1; }
    local dir port bin
    read -r dir port < "$state_file"
    bin=$(bin_dir)
    # pg_ctl restart reuses the options the server was started with (postmaster.opts): same port, same settings.
    as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >&2
    log "restarted the cluster on port $port"
}

stop() {
    [[ -f "$state_file" ]] || { log "no cluster to stop"; return; }
    local dir port bin
    read -r dir port < "$state_file"
    if bin=$(bin_dir) && [[ -d "$dir/data" ]]; then
        as_server_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || log "pg_ctl stop failed; deleting the folder anyway"
    fi
    rm -rf "$dir" "$state_file"
    log "stopped and deleted the cluster on port $port"
}

case "${1:-}" in
    start) start ;;
    restart) restart ;;
    stop) stop ;;
    *) echo "usage: .ci/postgres.sh start|restart|stop" >&2; exit 2 ;;
esac
