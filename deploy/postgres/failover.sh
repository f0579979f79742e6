#!/bin/bash
# Failover: the primary's machine is lost; promote the streaming replica and point PgBouncer's pools at it
# (docs/deployment.md, "Failover to the replica"). A promotion is the operator's decision, taken once the old primary
# is known to be down — two primaries would split the province's history — so this script refuses while the old
# primary still answers.
#
#   OLD_PRIMARY=postgres-primary:5432 NEW_PRIMARY=postgres-replica:5432 PGUSER=lienthong \
#   PGBOUNCER=pgbouncer:6432 PGBOUNCER_INI=deploy/pgbouncer/pgbouncer.ini deploy/postgres/failover.sh
#
# 1. refuse if OLD_PRIMARY answers (stop it, or cut it off, first);
# 2. promote NEW_PRIMARY: SELECT pg_promote() (waits until it accepts writes; nothing if it is a primary already),
#    and make the `replica_1` slot there for the next replica (slots are not streamed);
# 3. rewrite both pools of PGBOUNCER_INI — `lienthong` and `lienthong_replica` — to NEW_PRIMARY, in place (the same
#    file, so a container's bind mount sees it): the reports read from the new primary until a new replica is cloned
#    from it (replica-start.sh on an emptied volume), which the router does by itself (core/dbrouter.py);
# 4. RELOAD PgBouncer through its admin console (PGUSER must be in its admin_users): clients keep their connections,
#    servers to the old address are closed as they are released;
# 5. wait until a query through PgBouncer reaches a primary that accepts writes.
# Then: `lienthong audit verify` against the new primary, and the nodes' /readyz (they recover by themselves).
set -euo pipefail
: "${OLD_PRIMARY:?host:port of the lost primary}" "${NEW_PRIMARY:?host:port of the replica to promote}"
: "${PGBOUNCER:?host:port of PgBouncer}" "${PGBOUNCER_INI:?the pgbouncer.ini PgBouncer reads}"
: "${PGUSER:=lienthong}" "${PGDATABASE:=lienthong}" "${WAIT_SECONDS:=60}"  # PGDATABASE: PgBouncer's pool
export PGUSER PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}"
host() { echo "${1%:*}"; }
port() { echo "${1##*:}"; }
say() { echo "failover: $*" >&2; }

if pg_isready -q -h "$(host "$OLD_PRIMARY")" -p "$(port "$OLD_PRIMARY")"; then
  say "refused: the old primary ${OLD_PRIMARY} still answers; stop it or cut it off before promoting"
  exit 3
fi

new=(-h "$(host "$NEW_PRIMARY")" -p "$(port "$NEW_PRIMARY")" -d postgres -v ON_ERROR_STOP=1 -Atq)
if [ "$(psql "${new[@]}" -c 'SELECT pg_is_in_recovery()')" = "t" ]; then
  say "promoting ${NEW_PRIMARY}"
  [ "$(psql "${new[@]}" -c "SELECT pg_promote(true, ${WAIT_SECONDS})")" = "t" ] || { say "pg_promote failed"; exit 1; }
else
  say "${NEW_PRIMARY} is a primary already"
fi
# slots are not streamed: the next replica (replica-start.sh clones through `replica_1`) needs it made here
psql "${new[@]}" -c "SELECT pg_create_physical_replication_slot('replica_1')
  WHERE NOT EXISTS (SELECT FROM pg_replication_slots WHERE slot_name = 'replica_1')" >/dev/null

say "pointing PgBouncer's pools at ${NEW_PRIMARY}"
rewritten="$(sed -E "s/^(lienthong(_replica)? = )host=[^ ]+ port=[0-9]+/\1host=$(host "$NEW_PRIMARY") port=$(port "$NEW_PRIMARY")/" \
  "$PGBOUNCER_INI")"
grep -Eq "^lienthong = host=$(host "$NEW_PRIMARY") port=$(port "$NEW_PRIMARY") " <<<"$rewritten" \
  || { say "no 'lienthong = host=… port=…' line in ${PGBOUNCER_INI}"; exit 1; }
printf '%s\n' "$rewritten" > "$PGBOUNCER_INI"  # in place: the same inode
psql -h "$(host "$PGBOUNCER")" -p "$(port "$PGBOUNCER")" -d pgbouncer -Atq -c RELOAD >/dev/null

pooled=(-h "$(host "$PGBOUNCER")" -p "$(port "$PGBOUNCER")" -d "$PGDATABASE" -Atq)
for _ in $(seq 1 "$WAIT_SECONDS"); do
  if [ "$(psql "${pooled[@]}" -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = "f" ]; then
    say "done: PgBouncer reaches ${NEW_PRIMARY}, a primary; run \`lienthong audit verify\` against it"
    exit 0
  fi
  sleep 1
done
say "PgBouncer does not reach a writable primary after ${WAIT_SECONDS} s"
exit 1
