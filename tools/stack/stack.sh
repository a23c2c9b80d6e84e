#!/usr/bin/env bash
# Local development / test stack: a project-local PostgreSQL 15 cluster (with pgvector, PostGIS,
# pgRouting and, when it builds, TimescaleDB) and a Redis server, all from Debian packages.
#
#   bash tools/stack/stack.sh up|down [postgres|redis] | status|reset|destroy|env|bootstrap-db DBNAME
#
# See tools/stack/README.md. Works from any checkout path; state lives in <repo>/.data/, or in
# STACK_DATA_DIR for a second, private stack (with its own STACK_PG_PORT and STACK_REDIS_PORT).
set -euo pipefail
umask 022

# --------------------------------------------------------------------------------------------
# Paths and settings
# --------------------------------------------------------------------------------------------
SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/../.." && pwd -P)
DEFAULT_DATA_DIR="$REPO_ROOT/.data"
DATA_DIR="$DEFAULT_DATA_DIR"
if [[ -n "${STACK_DATA_DIR:-}" ]]; then DATA_DIR=$(realpath -m -- "$STACK_DATA_DIR"); fi
LOG_DIR="$DATA_DIR/logs"
REDIS_DIR="$DATA_DIR/redis"
LOCK_FILE="$DATA_DIR/.stack.lock"
# The build outcome belongs to the machine, not to one data folder: a private stack must not
# retry a TimescaleDB build that already failed for the default one.
TS_FAILED_MARKER="$DEFAULT_DATA_DIR/logs/timescaledb-build.failed"

PG_PORT="${STACK_PG_PORT:-54329}"
REDIS_PORT="${STACK_REDIS_PORT:-63799}"
# yes: Redis keeps its data across a restart (every write fsynced to the append-only file).
REDIS_APPENDONLY="${STACK_REDIS_APPENDONLY:-no}"
[[ "$REDIS_APPENDONLY" == yes || "$REDIS_APPENDONLY" == no ]] \
  || { printf '[stack] ERROR: STACK_REDIS_APPENDONLY must be yes or no\n' >&2; exit 2; }
PG_MAJOR=15
PG_BIN="/usr/lib/postgresql/$PG_MAJOR/bin"
PG_CONFIG="$PG_BIN/pg_config"

# The default data folder hashes the checkout path, as it always has, so existing clusters stay
# where they are; any other data folder hashes its own path, so two stacks never share an area.
HASH_SOURCE="$REPO_ROOT"
if [[ "$DATA_DIR" != "$DEFAULT_DATA_DIR" ]]; then HASH_SOURCE="$DATA_DIR"; fi
REPO_HASH=$(printf '%s' "$HASH_SOURCE" | sha256sum | cut -c1-12)
# Used when the postgres OS user cannot traverse the checkout path (e.g. a clone under /root).
FALLBACK_AREA="/var/lib/cauldron-stack/$REPO_HASH"

PG_AREA=""     # folder holding the cluster: $DATA_DIR or $FALLBACK_AREA (see resolve_pg_area)
PGDATA_DIR=""  # $PG_AREA/postgres
PG_RUN=""      # $PG_AREA/postgres-run: server log, start snapshot
PG_SOCK=""     # unix socket directory (normally $PG_RUN)
PG_LOG=""

CONF_NAME="cauldron-stack.conf"
TOTAL_STEPS=7
EXTENSIONS=(uuid-ossp pgcrypto pg_trgm vector postgis pgrouting)
APT_PKGS=(postgresql-15 postgresql-contrib postgresql-15-postgis-3 postgresql-15-pgrouting redis-server)
BUILD_PKGS=(postgresql-server-dev-15 build-essential cmake dpkg-dev)
TRIXIE_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

T0=${EPOCHREALTIME//[!0-9]/}
SKIPPED=()
HEARTBEAT_PID=""
BUILD_TMP=""
APT_UPDATED=0

URL_APP="postgres://cauldron_app@127.0.0.1:$PG_PORT/cauldron"
URL_OWNER="postgres://cauldron_owner@127.0.0.1:$PG_PORT/cauldron"
URL_ADMIN="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
URL_REDIS="redis://127.0.0.1:$REDIS_PORT"

# --------------------------------------------------------------------------------------------
# Output helpers
# --------------------------------------------------------------------------------------------
step() { printf '[stack %d/%d] %s\n' "$1" "$TOTAL_STEPS" "$2"; }
info() { printf '[stack] %s\n' "$*"; }
warn() { printf '[stack] WARNING: %s\n' "$*" >&2; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }
skip() { SKIPPED+=("$1"); }

elapsed() { # seconds since start, one decimal
  local us=$(( ${EPOCHREALTIME//[!0-9]/} - T0 ))
  printf '%d.%d' $(( us / 1000000 )) $(( (us / 100000) % 10 ))
}

cleanup() {
  if [[ -n "$HEARTBEAT_PID" ]]; then kill "$HEARTBEAT_PID" 2>/dev/null || true; fi
  if [[ -n "$BUILD_TMP" && -d "$BUILD_TMP" ]]; then rm -rf -- "$BUILD_TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

is_root() { [[ $EUID -eq 0 ]]; }

# run_logged LOG LABEL CMD...: run CMD with all output appended to LOG; print a heartbeat line
# every 15 s while it runs, and the tail of LOG if it fails. Returns CMD's exit status.
run_logged() {
  local log=$1 label=$2 rc=0
  shift 2
  printf '\n==== %(%F %T)T  %s\n' -1 "$*" >>"$log"
  (
    n=0
    while sleep 1; do
      n=$((n + 1))
      if (( n % 15 == 0 )); then
        printf '          … still %s (%ds) | %s\n' "$label" "$n" \
          "$(tail -n 1 "$log" 2>/dev/null | tr -d '\r' | cut -c1-100)"
      fi
    done
  ) 9>&- &
  HEARTBEAT_PID=$!
  # fd 9 (the stack lock) is closed: a daemon started by a package's install script must not
  # inherit it.
  "$@" >>"$log" 2>&1 </dev/null 9>&- || rc=$?
  kill "$HEARTBEAT_PID" 2>/dev/null || true
  wait "$HEARTBEAT_PID" 2>/dev/null || true
  HEARTBEAT_PID=""
  if (( rc != 0 )); then
    printf '[stack] %s failed (exit %d). Last lines of %s:\n' "$label" "$rc" "$log" >&2
    tail -n 30 "$log" | sed 's/^/    | /' >&2
  fi
  return "$rc"
}

# Run a command as the OS user that owns the cluster (postgres when we are root).
# fd 9 (the stack lock) is closed so the server never inherits it.
as_pg() {
  if is_root; then
    (cd / && exec runuser -u postgres -- "$@") 9>&-
  else
    "$@" 9>&-
  fi
}

take_lock() {
  mkdir -p "$DATA_DIR" 2>/dev/null || true
  if ! { exec 9>"$LOCK_FILE"; } 2>/dev/null; then
    die "cannot write $LOCK_FILE; run as root (or as the owner of this checkout)"
  fi
  if ! flock -n 9; then
    info "another stack.sh run holds $LOCK_FILE; waiting…"
    flock -w 1800 9 || die "timed out waiting for $LOCK_FILE"
  fi
}

# --------------------------------------------------------------------------------------------
# Where the cluster lives
# --------------------------------------------------------------------------------------------
set_pg_paths() {
  PG_AREA=$1
  PGDATA_DIR="$PG_AREA/postgres"
  PG_RUN="$PG_AREA/postgres-run"
  PG_LOG="$PG_RUN/postgres.log"
  PG_SOCK="$PG_RUN"
  # A unix socket path must stay under 108 bytes (".s.PGSQL.<port>" included).
  if (( ${#PG_SOCK} > 85 )); then
    if is_root; then PG_SOCK="$FALLBACK_AREA/socket"; else PG_SOCK="${TMPDIR:-/tmp}/cauldron-stack-$REPO_HASH"; fi
  fi
}

pg_can_traverse() { # can the postgres user reach (search) directory $1?
  is_root || return 0
  (cd / && runuser -u postgres -- test -x "$1" -a -r "$1") 2>/dev/null
}

# resolve_pg_area [create]: pick the existing cluster location; with "create", decide where a
# new cluster goes (the checkout's .data unless postgres cannot traverse the path).
resolve_pg_area() {
  if [[ -d "$DATA_DIR/postgres" ]]; then
    set_pg_paths "$DATA_DIR"
  elif [[ -d "$FALLBACK_AREA/postgres" ]]; then
    set_pg_paths "$FALLBACK_AREA"
  elif [[ "${1:-}" == create ]]; then
    mkdir -p "$DATA_DIR"
    chmod 755 "$DATA_DIR"
    if pg_can_traverse "$DATA_DIR"; then
      set_pg_paths "$DATA_DIR"
    else
      set_pg_paths "$FALLBACK_AREA"
      info "note: the postgres user cannot reach $DATA_DIR (a parent folder is not traversable);"
      info "      the cluster goes to $PGDATA_DIR instead"
    fi
  else
    set_pg_paths "$DATA_DIR"
  fi
}

# --------------------------------------------------------------------------------------------
# Probes
# --------------------------------------------------------------------------------------------
PG_SHAREDIR=""
PG_PKGLIBDIR=""
pg_dirs() { # sets PG_SHAREDIR and PG_PKGLIBDIR; pg_config is asked once
  [[ -n "$PG_SHAREDIR" ]] && return 0
  if [[ -x "$PG_CONFIG" ]]; then
    { read -r PG_SHAREDIR && read -r PG_PKGLIBDIR; } < <("$PG_CONFIG" --sharedir --pkglibdir)
  else # PostgreSQL not installed yet: Debian's layout (ext_installed drops it again)
    PG_SHAREDIR="/usr/share/postgresql/$PG_MAJOR" PG_PKGLIBDIR="/usr/lib/postgresql/$PG_MAJOR/lib"
  fi
}

ext_installed() { # ext_installed NAME: .control and the shared library are in place
  pg_dirs
  local ok=1
  [[ -f "$PG_SHAREDIR/extension/$1.control" && -f "$PG_PKGLIBDIR/$1.so" ]] || ok=0
  [[ -x "$PG_CONFIG" ]] || PG_SHAREDIR="" # recheck after apt installs postgresql
  [[ "$ok" == 1 ]]
}

ext_version() { # default_version from the .control file
  pg_dirs
  local line
  while IFS= read -r line; do
    if [[ "$line" =~ ^default_version[[:space:]]*=[[:space:]]*\'([^\']*)\' ]]; then
      printf '%s' "${BASH_REMATCH[1]}"
      return 0
    fi
  done <"$PG_SHAREDIR/extension/$1.control"
}

missing_pkgs() { # missing_pkgs PKG...: print the ones dpkg does not have installed
  local status
  status=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null || true)
  local p
  for p in "$@"; do
    [[ $'\n'"$status"$'\n' == *$'\n'"$p installed"$'\n'* ]] || printf '%s\n' "$p"
  done
}

pg_running() {
  [[ -d "$PGDATA_DIR" ]] || return 1
  if is_root || [[ -O "$PGDATA_DIR" ]]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
  else # cluster owned by someone else: the best we can do is ask the port
    port_answers_pg
  fi
}

port_answers_pg() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2 >/dev/null 2>&1; }

redis_ping() { [[ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

redis_dir() { redis-cli -p "$REDIS_PORT" config get dir 2>/dev/null | sed -n 2p; }

psql_admin() { # psql_admin DB [psql args...]: superuser session over TCP loopback
  local db=$1
  shift
  PGCONNECT_TIMEOUT=5 PGAPPNAME=cauldron-stack PGOPTIONS='-c client_min_messages=warning' \
    "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" "$@"
}

# --------------------------------------------------------------------------------------------
# Step 1: apt packages
# --------------------------------------------------------------------------------------------
apt_run() { # apt_run LABEL apt-get-args...
  local label=$1
  shift
  run_logged "$LOG_DIR/apt.log" "$label" \
    env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"
}

ensure_apt_packages() {
  local need_build=$1 wanted=("${APT_PKGS[@]}") missing=()
  if [[ "$need_build" == 1 ]]; then wanted+=("${BUILD_PKGS[@]}"); fi
  mapfile -t missing < <(missing_pkgs "${wanted[@]}")
  if (( ${#missing[@]} == 0 )); then
    skip "apt packages"
    return 0
  fi
  if ! is_root; then
    die "missing Debian packages; install them as root and rerun:
    apt-get install -y --no-install-recommends ${missing[*]}"
  fi
  mkdir -p "$LOG_DIR"
  step 1 "installing ${#missing[@]} Debian package(s): ${missing[*]} (log: $LOG_DIR/apt.log)…"
  if (( APT_UPDATED == 0 )); then
    info "      apt-get update…"
    apt_run "apt-get update" update || die "apt-get update failed"
    APT_UPDATED=1
  fi
  apt_run "installing packages" install -y --no-install-recommends "${missing[@]}" \
    || die "apt-get install failed (see $LOG_DIR/apt.log)"
  [[ -x "$PG_BIN/postgres" ]] || die "$PG_BIN/postgres is missing after installing postgresql-15"
}

# --------------------------------------------------------------------------------------------
# Steps 2-3: pgvector and TimescaleDB from Debian trixie source packages
# --------------------------------------------------------------------------------------------
# apt options that point apt at a private deb-src list and private state/cache folders, so the
# machine's own apt sources and package lists stay untouched. apt verifies the Release
# signatures against Debian's archive keyring. The download runs as root (no _apt sandbox)
# because the private folders are root-only temp folders.
trixie_apt_opts() {
  printf '%s\n' \
    -o "Dir::Etc::sourcelist=$BUILD_TMP/trixie-src.sources" \
    -o "Dir::Etc::sourceparts=/nonexistent" \
    -o "Dir::State::Lists=$BUILD_TMP/apt-lists" \
    -o "Dir::Cache=$BUILD_TMP/apt-cache" \
    -o "APT::Sandbox::User=root"
}

fetch_trixie_sources() { # fetch_trixie_sources PKG...: .orig tarballs land in $BUILD_TMP/src
  local opts
  mkdir -p "$BUILD_TMP/apt-lists/partial" "$BUILD_TMP/apt-cache/archives/partial" "$BUILD_TMP/src"
  cat >"$BUILD_TMP/trixie-src.sources" <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: $TRIXIE_KEYRING
EOF
  mapfile -t opts < <(trixie_apt_opts)
  apt_run "reading the Debian trixie source index" "${opts[@]}" update || return 1
  (cd "$BUILD_TMP/src" && apt_run "downloading source packages" "${opts[@]}" source --download-only "$@") || return 1
}

unpack_orig() { # unpack_orig PKG: unpack PKG_*.orig.tar.* under $BUILD_TMP, print "version dir"
  local tarballs=("$BUILD_TMP/src/$1"_*.orig.tar.*) version out="$BUILD_TMP/$1-src" dirs
  [[ -f "${tarballs[0]}" ]] || { warn "no $1 source tarball was downloaded"; return 1; }
  version=${tarballs[0]##*/}
  version=${version#"$1"_}
  version=${version%%.orig.tar.*}
  version=${version%%+*} # 2.19.3+dfsg -> 2.19.3
  mkdir -p "$out"
  tar -xf "${tarballs[0]}" -C "$out" || return 1
  dirs=("$out"/*/)
  [[ -d "${dirs[0]}" ]] || return 1
  printf '%s %s\n' "$version" "${dirs[0]%/}"
}

build_pgvector() {
  local v dir log="$LOG_DIR/pgvector-build.log"
  read -r v dir < <(unpack_orig pgvector) || return 1
  [[ -n "${dir:-}" ]] || return 1
  step 2 "building pgvector $v from Debian source… (log: $log)"
  local vars=(PG_CONFIG="$PG_CONFIG" OPTFLAGS="" with_llvm=no)
  run_logged "$log" "building pgvector" make -C "$dir" "${vars[@]}" || return 1
  run_logged "$log" "installing pgvector" make -C "$dir" "${vars[@]}" install || return 1
}

build_timescaledb() {
  local v dir log="$LOG_DIR/timescaledb-build.log"
  read -r v dir < <(unpack_orig timescaledb) || return 1
  [[ -n "${dir:-}" ]] || return 1
  step 3 "building TimescaleDB $v (Apache-2 edition) from Debian source… (log: $log)"
  run_logged "$log" "configuring TimescaleDB" cmake -S "$dir" -B "$dir/build" \
    -DPG_CONFIG="$PG_CONFIG" -DCMAKE_BUILD_TYPE=Release \
    -DAPACHE_ONLY=ON -DUSE_TELEMETRY=OFF -DSEND_TELEMETRY_DEFAULT=OFF \
    -DREGRESS_CHECKS=OFF -DTAP_CHECKS=OFF -DWARNINGS_AS_ERRORS=OFF -DLINTER=OFF || return 1
  run_logged "$log" "building TimescaleDB" make -C "$dir/build" -j"$(nproc)" install || return 1
}

ensure_extensions_built() {
  local want_vector=$1 want_ts=$2 pkgs=()
  if [[ "$want_vector" == 0 && "$want_ts" == 0 ]]; then return 0; fi
  BUILD_TMP=$(mktemp -d "${TMPDIR:-/tmp}/cauldron-stack-build.XXXXXX")
  local n=2
  if [[ "$want_vector" == 1 ]]; then pkgs+=(pgvector); else n=3; fi
  if [[ "$want_ts" == 1 ]]; then pkgs+=(timescaledb); fi
  step "$n" "fetching Debian trixie source package(s): ${pkgs[*]}…"
  if ! fetch_trixie_sources "${pkgs[@]}"; then
    if [[ "$want_vector" == 1 ]]; then die "could not fetch the pgvector source package (see $LOG_DIR/apt.log)"; fi
    ts_failed "could not fetch the timescaledb source package (see $LOG_DIR/apt.log)"
    return 0
  fi
  if [[ "$want_vector" == 1 ]]; then
    build_pgvector || die "pgvector build failed (see $LOG_DIR/pgvector-build.log); it is required"
    ext_installed vector || die "pgvector build finished but vector.control/vector.so are not installed"
  fi
  if [[ "$want_ts" == 1 ]]; then
    if build_timescaledb && ext_installed timescaledb; then
      rm -f "$TS_FAILED_MARKER"
    else
      ts_failed "TimescaleDB build failed (see $LOG_DIR/timescaledb-build.log)"
    fi
  fi
}

ts_failed() {
  mkdir -p "${TS_FAILED_MARKER%/*}"
  printf '%s\n' "$1" >"$TS_FAILED_MARKER"
  cat >&2 <<EOF

[stack] ################################################################################
[stack] WARNING: $1
[stack] WARNING: continuing WITHOUT TimescaleDB (supported, but hypertables are unavailable).
[stack] WARNING: later runs will not retry; delete $TS_FAILED_MARKER
[stack] WARNING: (or run 'reset') to try again.
[stack] ################################################################################

EOF
}

# --------------------------------------------------------------------------------------------
# Steps 4-5: cluster, config, server
# --------------------------------------------------------------------------------------------
desired_conf() { # $1 = 1 when timescaledb is installed
  cat <<EOF
# Written by tools/stack/stack.sh on every 'up'; local edits are overwritten.
# Disposable dev/test cluster: fsync, synchronous_commit and full_page_writes are off for
# speed, so a crash can corrupt it. Never use these settings for data you want to keep.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCK'
max_connections = 300
shared_buffers = 256MB
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  if [[ "$1" == 1 ]]; then
    cat <<'EOF'
# TimescaleDB: background workers stay off, since they would hold connections to databases
# and break CREATE DATABASE ... TEMPLATE.
shared_preload_libraries = 'timescaledb'
timescaledb.max_background_workers = 0
timescaledb.telemetry_level = off
EOF
  fi
}

pick_locale() {
  if locale -a 2>/dev/null | grep -iE '^c\.utf-?8$' >/dev/null; then echo C.UTF-8; else echo C; fi
}

ensure_cluster() { # ensure_cluster TS_AVAILABLE(0/1): initdb if needed, write settings
  local ts=$1 did=0
  if ! is_root && [[ -d "$PGDATA_DIR" && ! -O "$PGDATA_DIR" ]]; then
    die "$PGDATA_DIR belongs to another user; run 'up' as root"
  fi
  if [[ "$PG_AREA" == "$DATA_DIR" ]] && ! pg_can_traverse "$DATA_DIR"; then
    die "the postgres user cannot reach $DATA_DIR (was the checkout moved?); run 'reset'"
  fi
  local d
  for d in "$PG_AREA" "$PG_RUN" "$PG_SOCK"; do
    if [[ ! -d "$d" ]]; then
      mkdir -p "$d"
      chmod 755 "$d"
      if is_root && [[ "$d" != "$PG_AREA" ]]; then chown postgres:postgres "$d"; fi
    fi
  done
  if [[ ! -f "$PGDATA_DIR/PG_VERSION" ]]; then
    local loc
    loc=$(pick_locale)
    step 4 "creating PostgreSQL $PG_MAJOR cluster in $PGDATA_DIR (locale $loc)…"
    rm -rf -- "$PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"
    chmod 700 "$PGDATA_DIR"
    if is_root; then chown postgres:postgres "$PGDATA_DIR"; fi
    run_logged "$LOG_DIR/initdb.log" "initdb" as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" \
      -A trust -U postgres --encoding=UTF8 --locale="$loc" || die "initdb failed"
    did=1
  fi
  local main_conf="$PGDATA_DIR/postgresql.conf" conf="$PGDATA_DIR/$CONF_NAME"
  if ! grep -q "^include_if_exists = '$CONF_NAME'" "$main_conf"; then
    printf "\n# Settings of the cauldron dev stack (tools/stack/stack.sh)\ninclude_if_exists = '%s'\n" \
      "$CONF_NAME" >>"$main_conf"
  fi
  local want
  want=$(desired_conf "$ts")
  if [[ ! -f "$conf" || "$(cat "$conf")" != "$want" ]]; then
    [[ "$did" == 1 ]] || step 4 "updating PostgreSQL settings in $conf…"
    printf '%s\n' "$want" >"$conf"
    if is_root; then chown postgres:postgres "$conf"; fi
    did=1
  fi
  [[ "$did" == 1 ]] || skip "cluster"
}

start_postgres() {
  local conf="$PGDATA_DIR/$CONF_NAME" snap="$PG_RUN/started-with.conf"
  if pg_running; then
    if cmp -s "$conf" "$snap"; then
      skip "postgres :$PG_PORT"
      return 0
    fi
    local running_port
    running_port=$(sed -n 4p "$PGDATA_DIR/postmaster.pid" 2>/dev/null || true)
    if [[ "$running_port" != "$PG_PORT" ]] && port_answers_pg; then
      die "port $PG_PORT already answers as PostgreSQL (another checkout's stack?); this cluster
    keeps running on port ${running_port:-?}. Free the port or pick another STACK_PG_PORT."
    fi
    step 5 "settings changed since PostgreSQL started; restarting it…"
    run_logged "$LOG_DIR/pg_ctl.log" "restarting PostgreSQL" as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" \
      -l "$PG_LOG" -m fast -w -t 120 restart || { pg_log_tail; die "PostgreSQL restart failed"; }
  else
    if port_answers_pg; then
      die "port $PG_PORT already answers as PostgreSQL, but not from $PGDATA_DIR
    (another checkout's stack?). Stop it, or pick another port: STACK_PG_PORT=54330 bash $0 up"
    fi
    step 5 "starting PostgreSQL $PG_MAJOR on 127.0.0.1:$PG_PORT…"
    run_logged "$LOG_DIR/pg_ctl.log" "starting PostgreSQL" as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" \
      -l "$PG_LOG" -w -t 120 start || { pg_log_tail; die "PostgreSQL did not start"; }
  fi
  cp "$conf" "$snap"
}

pg_log_tail() {
  if [[ -r "$PG_LOG" ]]; then
    printf '[stack] last lines of %s:\n' "$PG_LOG" >&2
    tail -n 20 "$PG_LOG" | sed 's/^/    | /' >&2
  fi
}

# --------------------------------------------------------------------------------------------
# Step 6: roles, database, extensions
# --------------------------------------------------------------------------------------------
server_has_timescaledb() { # prints t or f
  psql_admin postgres -c "SELECT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'timescaledb')
    AND current_setting('shared_preload_libraries') ~ 'timescaledb'"
}

ext_list() { # ext_list TS(t/f): extensions every project database gets
  local e
  for e in "${EXTENSIONS[@]}"; do printf '%s\n' "$e"; done
  if [[ "$1" == t ]]; then echo timescaledb; fi
}

roles_sql() {
  cat <<'SQL'
DO $do$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cauldron_owner') THEN
    CREATE ROLE cauldron_owner;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cauldron_app') THEN
    CREATE ROLE cauldron_app;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cauldron_system') THEN
    CREATE ROLE cauldron_system;
  END IF;
END
$do$;
-- runs migrations and owns the tables; row-level security applies to it too (tables FORCE it)
ALTER ROLE cauldron_owner LOGIN CREATEDB NOCREATEROLE NOSUPERUSER NOBYPASSRLS;
-- used by the services; row-level security applies to it. NOINHERIT: the system role's
-- privileges apply only after an explicit SET ROLE, never to a tenant's transaction
ALTER ROLE cauldron_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
-- system work: the app switches to it with SET LOCAL ROLE cauldron_system
ALTER ROLE cauldron_system NOLOGIN BYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE;
GRANT cauldron_system TO cauldron_app;
-- the owner hands SECURITY DEFINER functions to the system role and seeds rows through it
GRANT cauldron_system TO cauldron_owner;
SQL
}

create_db_sql() { # needs psql variable :dbname
  cat <<'SQL'
SELECT format('CREATE DATABASE %I OWNER cauldron_owner', :'dbname')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'dbname') \gexec
SQL
}

extensions_sql() { # extensions_sql TS(t/f)
  local e
  while read -r e; do
    printf 'CREATE EXTENSION IF NOT EXISTS "%s" CASCADE;\n' "$e"
  done < <(ext_list "$1")
  # No REVOKE USAGE ON SCHEMA _timescaledb_internal FROM PUBLIC here: TimescaleDB 2.19 resolves
  # its catalog tables (some live in that schema) with the session user's schema privileges,
  # so after that REVOKE every query on any table fails for non-superusers ("permission denied
  # for schema _timescaledb_internal"). To keep chunks away from the app role, create
  # hypertables with associated_schema_name => a schema the app role has no USAGE on.
}

# bootstrap_db DBNAME [alter-owner]: extensions (and the database if missing) in DBNAME.
bootstrap_db() {
  local db=$1 ts
  ts=$(server_has_timescaledb)
  if [[ "${2:-}" == alter-owner ]]; then
    { create_db_sql; echo "ALTER DATABASE :\"dbname\" OWNER TO cauldron_owner;"; } \
      | psql_admin postgres -v dbname="$db" -f - >/dev/null
  else
    create_db_sql | psql_admin postgres -v dbname="$db" -f - >/dev/null
  fi
  extensions_sql "$ts" | psql_admin "$db" -f - >/dev/null
}

# bootstrap_ok: one query checks roles and their attributes, membership, the database and its
# extensions. Sets EXT_SUMMARY ("name version, ...").
EXT_SUMMARY=""
bootstrap_ok() {
  local base out
  base=$(printf '%s,' "${EXTENSIONS[@]}")
  out=$(psql_admin cauldron -F '|' -v base="{${base%,}}" -f - 2>/dev/null <<'SQL'
WITH ts AS (
  SELECT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'timescaledb')
         AND current_setting('shared_preload_libraries') ~ 'timescaledb' AS wanted
)
SELECT (SELECT count(*) FROM pg_roles WHERE
          (rolname = 'cauldron_owner' AND rolcanlogin AND rolcreatedb AND NOT rolcreaterole AND NOT rolsuper
           AND NOT rolbypassrls)
       OR (rolname = 'cauldron_app' AND rolcanlogin AND NOT rolsuper AND NOT rolbypassrls AND NOT rolinherit
           AND NOT rolcreaterole)
       OR (rolname = 'cauldron_system' AND NOT rolcanlogin AND rolbypassrls AND NOT rolsuper)) = 3
   AND (SELECT count(*) FROM pg_auth_members m
                 JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                WHERE r.rolname = 'cauldron_system' AND u.rolname IN ('cauldron_app', 'cauldron_owner')) = 2
   AND EXISTS (SELECT FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
                WHERE d.datname = 'cauldron' AND r.rolname = 'cauldron_owner')
   AND (SELECT count(*) FROM pg_extension WHERE extname = ANY (:'base'::text[]))
       = cardinality(:'base'::text[])
   AND (NOT ts.wanted OR EXISTS (SELECT FROM pg_extension WHERE extname = 'timescaledb')),
       (SELECT string_agg(extname || ' ' || extversion, ', ' ORDER BY extname)
          FROM pg_extension WHERE extname <> 'plpgsql')
  FROM ts;
SQL
  ) || return 1
  EXT_SUMMARY=${out#*|}
  [[ "${out%%|*}" == t ]]
}

ensure_bootstrap() {
  if bootstrap_ok; then
    skip "roles/database/extensions"
    return 0
  fi
  step 6 "creating roles, database 'cauldron' and extensions…"
  roles_sql | psql_admin postgres -f - >/dev/null || die "creating roles failed"
  bootstrap_db cauldron alter-owner || die "bootstrapping database cauldron failed"
  bootstrap_ok || die "bootstrap finished but the check query still fails"
}

# --------------------------------------------------------------------------------------------
# Step 7: Redis
# --------------------------------------------------------------------------------------------
ensure_redis() {
  if redis_ping; then
    local d
    d=$(redis_dir)
    if [[ "$d" != "$REDIS_DIR" ]]; then
      warn "port $REDIS_PORT is answered by a Redis started elsewhere (dir: ${d:-unknown}); using it."
      warn "set STACK_REDIS_PORT to run a separate one for this checkout."
    fi
    skip "redis :$REDIS_PORT"
    return 0
  fi
  step 7 "starting Redis on 127.0.0.1:$REDIS_PORT…"
  mkdir -p "$REDIS_DIR"
  local persistence=(--appendonly no)
  if [[ "$REDIS_APPENDONLY" == yes ]]; then persistence=(--appendonly yes --appendfsync always); fi
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" "${persistence[@]}" \
    --daemonize yes --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
    --dir "$REDIS_DIR" >/dev/null 9>&- || die "redis-server failed to start (see $REDIS_DIR/redis.log)"
  local i
  for ((i = 0; i < 100; i++)); do
    redis_ping && return 0
    sleep 0.1
  done
  tail -n 20 "$REDIS_DIR/redis.log" 2>/dev/null | sed 's/^/    | /' >&2 || true
  die "Redis did not answer PING on port $REDIS_PORT within 10 s"
}

# --------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------
print_urls() {
  printf '  DATABASE_URL=%s\n  DATABASE_OWNER_URL=%s\n  DATABASE_ADMIN_URL=%s   (admin)\n  REDIS_URL=%s\n' \
    "$URL_APP" "$URL_OWNER" "$URL_ADMIN" "$URL_REDIS"
}

cmd_up() { # cmd_up [postgres|redis]: both unless one is named
  local only=${1:-}
  take_lock
  mkdir -p "$LOG_DIR"
  if [[ "$only" == redis ]]; then
    ensure_apt_packages 0
    ensure_redis
    info "redis is up ($(elapsed) s). Redis data: $REDIS_DIR"
    return 0
  fi

  local need_vector=0 need_ts=0
  ext_installed vector || need_vector=1
  if ! ext_installed timescaledb; then
    if [[ -n "${STACK_SKIP_TIMESCALEDB:-}" ]]; then
      skip "timescaledb (STACK_SKIP_TIMESCALEDB set)"
    elif [[ -f "$TS_FAILED_MARKER" ]]; then
      warn "TimescaleDB is not installed; its build failed earlier ($(cat "$TS_FAILED_MARKER"))."
      warn "not retrying; delete $TS_FAILED_MARKER or run 'reset' to try again."
    elif ! is_root; then
      warn "TimescaleDB is not installed and building it needs root; continuing without it."
    else
      need_ts=1
    fi
  fi
  if [[ "$need_vector" == 1 ]] && ! is_root; then
    die "pgvector is not installed; run 'bash $0 up' as root once to build it"
  fi

  local need_build=0
  if [[ "$need_vector" == 1 || "$need_ts" == 1 ]]; then need_build=1; fi
  ensure_apt_packages "$need_build"

  if [[ "$need_vector" == 0 ]]; then skip "pgvector $(ext_version vector)"; fi
  if [[ "$need_ts" == 0 ]] && ext_installed timescaledb; then skip "timescaledb $(ext_version timescaledb)"; fi
  ensure_extensions_built "$need_vector" "$need_ts"

  local ts=0
  ext_installed timescaledb && ts=1
  resolve_pg_area create
  ensure_cluster "$ts"
  start_postgres
  ensure_bootstrap
  [[ "$only" == postgres ]] || ensure_redis

  if (( ${#SKIPPED[@]} > 0 )); then
    local s
    s=$(printf '%s, ' "${SKIPPED[@]}")
    info "already present, skipped: ${s%, }"
  fi
  local tsv=""
  if [[ "$EXT_SUMMARY" =~ (^|, )timescaledb\ ([^,]+) ]]; then tsv=${BASH_REMATCH[2]}; fi
  info "${only:-stack} is up ($(elapsed) s). PostgreSQL data: $PGDATA_DIR; Redis data: $REDIS_DIR"
  print_urls
  printf '  extensions in cauldron: %s\n' "$EXT_SUMMARY"
  if [[ -n "$tsv" ]]; then
    printf '  timescaledb: yes (%s)\n' "$tsv"
  else
    printf '  timescaledb: NO (the project runs without it)\n'
  fi
}

cmd_down() { # cmd_down [postgres|redis]: both unless one is named
  local only=${1:-}
  take_lock
  mkdir -p "$LOG_DIR"
  [[ "$only" == redis ]] || stop_postgres
  [[ "$only" == postgres ]] || stop_redis
}

# A fast shutdown: open connections are cut, as in a real restart.
stop_postgres() {
  resolve_pg_area
  if pg_running; then
    run_logged "$LOG_DIR/pg_ctl.log" "stopping PostgreSQL" \
      as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 120 stop || die "could not stop PostgreSQL"
    info "postgres: stopped"
  else
    info "postgres: not running"
  fi
}

stop_redis() {
  if redis_ping; then
    local d
    d=$(redis_dir)
    if [[ "$d" == "$REDIS_DIR" ]]; then
      redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
      local i
      for ((i = 0; i < 50; i++)); do redis_ping || break; sleep 0.1; done
      redis_ping && die "Redis on port $REDIS_PORT did not shut down"
      info "redis: stopped"
    else
      warn "redis on port $REDIS_PORT belongs to another checkout (dir: ${d:-unknown}); left running"
    fi
  else
    info "redis: not running"
  fi
}

cmd_status() {
  resolve_pg_area
  local rc=0
  if pg_running; then
    printf 'postgres: running  port %s  data %s\n' "$PG_PORT" "$PGDATA_DIR"
  else
    local extra=""
    port_answers_pg && extra="  (port answered by another server)"
    printf 'postgres: stopped  port %s  data %s%s\n' "$PG_PORT" "$PGDATA_DIR" "$extra"
    rc=3
  fi
  if redis_ping && [[ "$(redis_dir)" == "$REDIS_DIR" ]]; then
    printf 'redis:    running  port %s  data %s\n' "$REDIS_PORT" "$REDIS_DIR"
  else
    local extra=""
    redis_ping && extra="  (port answered by another redis: $(redis_dir))"
    printf 'redis:    stopped  port %s  data %s%s\n' "$REDIS_PORT" "$REDIS_DIR" "$extra"
    rc=3
  fi
  return "$rc"
}

# Only a stack's own data folder is ever deleted: never /, the checkout or a folder above it, and
# a STACK_DATA_DIR only when stack.sh created it (it holds the lock file).
check_deletable() {
  [[ -n "$REPO_ROOT" && "$REPO_ROOT" != / && "$DATA_DIR" != / ]] || die "refusing to delete $DATA_DIR"
  case "$REPO_ROOT/" in "$DATA_DIR"/*) die "refusing to delete $DATA_DIR: it holds the checkout" ;; esac
  if [[ "$DATA_DIR" != "$DEFAULT_DATA_DIR" && -d "$DATA_DIR" && ! -e "$LOCK_FILE" ]]; then
    die "refusing to delete $DATA_DIR: no stack lives there (no $LOCK_FILE)"
  fi
}

delete_data() { # the data folder, the cluster's fallback area and a socket folder under /tmp
  info "deleting $DATA_DIR…"
  rm -rf -- "$DATA_DIR"
  local extra
  for extra in "$FALLBACK_AREA" "${TMPDIR:-/tmp}/cauldron-stack-$REPO_HASH"; do
    if [[ -d "$extra" ]]; then
      info "deleting $extra…"
      rm -rf -- "$extra"
    fi
  done
  exec 9>&-
}

cmd_reset() {
  check_deletable
  cmd_down
  delete_data
  cmd_up
}

cmd_destroy() {
  [[ "$DATA_DIR" != "$DEFAULT_DATA_DIR" ]] \
    || die "destroy is for a private stack (STACK_DATA_DIR); the default stack has 'reset'"
  check_deletable
  cmd_down
  delete_data
  info "private stack in $DATA_DIR destroyed"
}

cmd_env() {
  printf 'export DATABASE_URL=%s\nexport DATABASE_OWNER_URL=%s\nexport DATABASE_ADMIN_URL=%s\nexport REDIS_URL=%s\n' \
    "$URL_APP" "$URL_OWNER" "$URL_ADMIN" "$URL_REDIS"
}

cmd_bootstrap_db() {
  local db=${1:-}
  [[ -n "$db" ]] || die "usage: $0 bootstrap-db DBNAME"
  port_answers_pg || die "PostgreSQL is not answering on 127.0.0.1:$PG_PORT; run 'bash $0 up' first"
  [[ "$(psql_admin postgres -c "SELECT count(*) FROM pg_roles WHERE rolname = 'cauldron_owner'")" == 1 ]] \
    || die "role cauldron_owner is missing; run 'bash $0 up' first"
  bootstrap_db "$db" || die "bootstrapping database $db failed"
  info "database $db: extensions ready ($(psql_admin "$db" -c \
    "SELECT string_agg(extname, ', ' ORDER BY extname) FROM pg_extension WHERE extname <> 'plpgsql'"))"
}

usage() {
  cat >&2 <<EOF
usage: bash tools/stack/stack.sh COMMAND
  up [postgres|redis]   install what is missing, start PostgreSQL ($PG_PORT) and Redis ($REDIS_PORT),
                        or only the one named
  down [postgres|redis] stop both, or only the one named (PostgreSQL: fast shutdown, connections cut)
  status                one line each; exit 0 when both run, else 3
  reset                 down, delete the data folder(s), up
  destroy               down and delete the data folder(s) of a private stack (STACK_DATA_DIR)
  env                   print export lines for DATABASE_URL, DATABASE_OWNER_URL, DATABASE_ADMIN_URL, REDIS_URL
  bootstrap-db DBNAME   create DBNAME if missing and add the project's extensions to it
Ports: STACK_PG_PORT (default 54329), STACK_REDIS_PORT (default 63799).
STACK_DATA_DIR: data folder of a private stack beside the default one (default <repo>/.data).
STACK_REDIS_APPENDONLY=yes: Redis keeps its data across restarts (append-only file, fsync always).
EOF
}

main() {
  local cmd=${1:-}
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    up | down)
      local only=${1:-}
      [[ -z "$only" || "$only" == postgres || "$only" == redis ]] || { usage; exit 2; }
      "cmd_$cmd" "$only"
      ;;
    status)
      local rc=0
      cmd_status || rc=$?
      exit "$rc"
      ;;
    reset) cmd_reset ;;
    destroy) cmd_destroy ;;
    env) cmd_env ;;
    bootstrap-db) cmd_bootstrap_db "$@" ;;
    -h | --help | help) usage ;;
    *) usage; exit 2 ;;
  esac
}

main "$@"
