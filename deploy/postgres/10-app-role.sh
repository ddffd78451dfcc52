#!/bin/sh
# Runs once, when the PostgreSQL volume is first created (docker-compose.yml).
# POSTGRES_USER owns the tables and runs migrations; the app connects as
# keyring_app, which row-level security binds (not owner, not superuser,
# NOBYPASSRLS). See DEVELOPERS.md, "Row-level security".
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<EOSQL
CREATE ROLE keyring_app LOGIN PASSWORD '${APP_DB_PASSWORD}'
    NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
GRANT CONNECT ON DATABASE "${POSTGRES_DB}" TO keyring_app;
GRANT USAGE ON SCHEMA public TO keyring_app;
ALTER DEFAULT PRIVILEGES FOR ROLE "${POSTGRES_USER}" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO keyring_app;
ALTER DEFAULT PRIVILEGES FOR ROLE "${POSTGRES_USER}" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO keyring_app;
EOSQL
