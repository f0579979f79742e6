#!/bin/bash
# First start of the primary (docker-entrypoint-initdb.d; deploy/netns/multihost.py runs it too): a replication role
# for the streaming replica, and the web nodes' own role. Two application roles, because the web's timeouts must not
# cut the others' work:
#   - ${POSTGRES_USER} owns the database and its tables: the migration job, the task workers, the scheduler and the
#     backups connect as it. No statement timeout — a migration rewriting a large table or a worker's batch may run
#     for minutes.
#   - ${POSTGRES_WEB_USER} (lienthong_web) is the web nodes': reads and writes rows, nothing else (no DDL), with the
#     web's statement and lock timeouts as the role's defaults — through PgBouncer the connection's own `options`
#     cannot carry them, and a request must answer 503 in seconds rather than hold a worker thread (docs/limits.md).
# Role settings live in the catalogue, so the streaming replica applies the same ones to the reports' reads.
set -euo pipefail
: "${POSTGRES_WEB_USER:=lienthong_web}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD}';
SELECT pg_create_physical_replication_slot('replica_1');
CREATE ROLE ${POSTGRES_WEB_USER} WITH LOGIN PASSWORD '${POSTGRES_WEB_PASSWORD}';
GRANT CONNECT, TEMPORARY ON DATABASE ${POSTGRES_DB} TO ${POSTGRES_WEB_USER};
GRANT USAGE ON SCHEMA public TO ${POSTGRES_WEB_USER};
-- every table and sequence the migrations create from now on (they run as ${POSTGRES_USER})
ALTER DEFAULT PRIVILEGES FOR ROLE ${POSTGRES_USER} IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${POSTGRES_WEB_USER};
ALTER DEFAULT PRIVILEGES FOR ROLE ${POSTGRES_USER} IN SCHEMA public
  GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${POSTGRES_WEB_USER};
-- and any already there (a database restored before this script ran)
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${POSTGRES_WEB_USER};
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${POSTGRES_WEB_USER};
ALTER ROLE ${POSTGRES_WEB_USER} SET statement_timeout = '15s';
ALTER ROLE ${POSTGRES_WEB_USER} SET lock_timeout = '10s';
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
