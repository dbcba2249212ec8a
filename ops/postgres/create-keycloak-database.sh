#!/bin/sh
# First start of the PostgreSQL volume only (the image runs /docker-entrypoint-initdb.d once): Keycloak's
# own database and role, next to the ledger's. On a volume made before Keycloak was in the compose file,
# run the same statements by hand (docs/docker.md, "Upgrading an existing volume").
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v password="$KEYCLOAK_DB_PASSWORD" <<'SQL'
CREATE ROLE keycloak LOGIN PASSWORD :'password';
CREATE DATABASE keycloak OWNER keycloak;
SQL
