#!/bin/bash
# First start of the primary (docker-entrypoint-initdb.d): a replication role for the streaming replica, and the
# web's timeouts as the role's defaults — through PgBouncer the connection's own `options` cannot carry them.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD}';
SELECT pg_create_physical_replication_slot('replica_1');
ALTER ROLE ${POSTGRES_USER} SET statement_timeout = '15s';
ALTER ROLE ${POSTGRES_USER} SET lock_timeout = '10s';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
