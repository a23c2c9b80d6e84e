#!/usr/bin/env bash
# Builds the chart renderer into .data/bin/chart-render, offline, from Debian's Go toolchain and
# Go library packages (installed with apt-get when missing, which needs root). Rebuilds only when
# the Go sources (or this script) changed; safe to run from several test processes at once.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
bin_dir="$root/.data/bin"
out="$bin_dir/chart-render"
stamp="$out.sha256"
gopath=/usr/share/gocode
packages=(golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v3-dev)

log() { printf 'chart-render: %s\n' "$*" >&2; }

toolchain_present() {
  command -v go >/dev/null 2>&1 \
    && [[ -d "$gopath/src/github.com/Masterminds/sprig" && -d "$gopath/src/gopkg.in/yaml.v3" ]]
}

# apt-get may be busy (another install running); wait for its lock rather than fail.
apt_retry() {
  local attempt
  for attempt in 1 2 3 4 5; do
    if DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 -qq "$@" >&2; then
      return 0
    fi
    log "apt-get $1 failed (attempt $attempt), retrying in 10 s"
    sleep 10
  done
  return 1
}

install_toolchain() {
  if [[ $(id -u) -ne 0 ]]; then
    log "missing Go toolchain; as root run: apt-get install ${packages[*]}"
    exit 1
  fi
  # A fresh machine has no package lists yet.
  if ! apt-cache show "${packages[@]}" >/dev/null 2>&1; then
    log "apt-get update"
    apt_retry update
  fi
  log "installing ${packages[*]} with apt-get"
  apt_retry install -y --no-install-recommends "${packages[@]}"
}

source_hash() {
  { go version; cat "$here"/*.go "$here/build.sh"; } | sha256sum | cut -d' ' -f1
}

mkdir -p "$bin_dir"
exec 9>"$bin_dir/.chart-render.lock"
flock 9

toolchain_present || install_toolchain
hash=$(source_hash)
if [[ -x "$out" && -f "$stamp" && "$(cat "$stamp")" == "$hash" ]]; then
  log "up to date ($out)"
  exit 0
fi

log "building $out"
start=$(date +%s)
(
  cd "$here"
  GO111MODULE=off GOPATH="$gopath" GOCACHE="$root/.data/go-cache" GOFLAGS=-trimpath \
    go build -o "$out.tmp" .
)
mv "$out.tmp" "$out"
printf '%s\n' "$hash" >"$stamp"
log "built in $(( $(date +%s) - start )) s"
