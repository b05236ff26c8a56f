#!/usr/bin/env bash
# Applies every migration to a fresh PostgreSQL database, then asks TypeORM whether the
# entities describe a schema the migrations do not produce. Any drift fails the run.
set -euo pipefail
admin_url="${TEST_DATABASE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
db="tessera_drift_$$"
base="${admin_url%/*}"
psql "$admin_url" -qc "CREATE DATABASE $db"
trap 'psql "$admin_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
export DATABASE_URL="$base/$db"
npx typeorm -d dist/apps/api/src/database/cli-data-source.js migration:run >/dev/null
npx typeorm -d dist/apps/api/src/database/cli-data-source.js migration:generate --check migrations/Drift
echo "migrations: no drift"
