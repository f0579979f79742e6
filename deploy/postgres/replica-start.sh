#!/bin/bash
# The streaming replica: cloned from the primary on first start (pg_basebackup -R writes standby.signal and the
# connection), then PostgreSQL in hot standby. Reports may read from it; the desk never needs it.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_basebackup -h postgres-primary -U replicator -D "$PGDATA" -R -X stream -S replica_1 -P; do
    echo "waiting for the primary…"; rm -rf "${PGDATA:?}"/*; sleep 2
  done
  chmod 0700 "$PGDATA"
fi
# hot_standby_feedback: a report's long query is not cancelled by the primary's vacuum; keepalives as the primary's
exec postgres -c hot_standby=on -c hot_standby_feedback=on \
  -c tcp_keepalives_idle=60 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=6
