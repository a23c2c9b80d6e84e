#!/usr/bin/env bash
# Makes Debian's Prometheus server available (the real remote-write sender of the telemetry
# tests) and prints the path of its binary on stdout; progress goes to stderr.
#
#   bash tools/stack/prometheus.sh
#
# Installs the `prometheus` package when the binary is not on PATH (needs root). The package's
# own service is never started: invoke-rc.d is told no by a policy-rc.d for the install's
# duration, so nothing listens on :9090 afterwards. Concurrent callers wait on one lock.
set -euo pipefail
umask 022

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/../.." && pwd -P)
DATA_DIR="$REPO_ROOT/.data"
LOG_DIR="$DATA_DIR/logs"
LOG_FILE="$LOG_DIR/prometheus-apt.log"
LOCK_FILE="$DATA_DIR/.prometheus.lock"
POLICY_RC=/usr/sbin/policy-rc.d
PACKAGE=prometheus

OWN_POLICY_RC=0

info() { printf '[prometheus] %s\n' "$*" >&2; }
die() { printf '[prometheus] ERROR: %s\n' "$*" >&2; exit 1; }

cleanup() {
  if [[ "$OWN_POLICY_RC" == 1 ]]; then rm -f -- "$POLICY_RC"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

found() { command -v prometheus 2>/dev/null; }

take_lock() {
  mkdir -p "$LOG_DIR"
  exec 9>"$LOCK_FILE" || die "cannot write $LOCK_FILE"
  flock -w 900 9 || die "timed out waiting for $LOCK_FILE (another install still running?)"
}

# Debian container images ship a policy-rc.d that forbids starting services; where there is
# none, one is put in place for the install so the postinst does not start a daemon.
forbid_service_start() {
  [[ -e "$POLICY_RC" ]] && return 0
  printf '#!/bin/sh\n# Placed by tools/stack/prometheus.sh during an install; removed after it.\nexit 101\n' \
    >"$POLICY_RC"
  chmod 755 "$POLICY_RC"
  OWN_POLICY_RC=1
}

apt() { # apt ARGS...: quiet apt-get with its output in the log; fd 9 (the lock) stays ours
  printf '\n==== %(%F %T)T  apt-get %s\n' -1 "$*" >>"$LOG_FILE"
  env DEBIAN_FRONTEND=noninteractive \
    apt-get -q -o DPkg::Lock::Timeout=120 "$@" >>"$LOG_FILE" 2>&1 </dev/null 9>&-
}

install_package() {
  local install=(install -y --no-install-recommends "$PACKAGE")
  if ! apt "${install[@]}"; then
    # Unknown package or stale lists (404s): refresh them once and try again.
    apt update || { tail -n 20 "$LOG_FILE" >&2; die "apt-get update failed (log: $LOG_FILE)"; }
    apt "${install[@]}" || { tail -n 20 "$LOG_FILE" >&2; die "apt-get install $PACKAGE failed (log: $LOG_FILE)"; }
  fi
}

main() {
  local binary
  if binary=$(found); then
    printf '%s\n' "$binary"
    return 0
  fi
  if [[ $EUID -ne 0 ]]; then
    die "prometheus is not installed; as root run: apt-get install -y --no-install-recommends $PACKAGE"
  fi
  take_lock
  if ! binary=$(found); then # another caller may have installed it while we waited
    info "installing Debian package $PACKAGE (first run only; log: $LOG_FILE)…"
    forbid_service_start
    install_package
    binary=$(found) || die "the $PACKAGE package is installed but no prometheus binary is on PATH"
  fi
  printf '%s\n' "$binary"
}

main "$@"
