#!/usr/bin/env bash
# Run once by the postgres image's entrypoint, on an empty data directory, after PostGIS's own
# init script: sets up Cauldron's roles, database and extensions.
set -euo pipefail
: "${CAULDRON_OWNER_PASSWORD:?set CAULDRON_OWNER_PASSWORD}"
: "${CAULDRON_APP_PASSWORD:?set CAULDRON_APP_PASSWORD}"
psql --no-psqlrc --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$CAULDRON_OWNER_PASSWORD" -v app_password="$CAULDRON_APP_PASSWORD" \
  -f /opt/cauldron/bootstrap.sql
