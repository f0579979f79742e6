"""Writing the replayed history: ids reserved first, codes numbered per agency and day, each chain hashed exactly as
`record_event` hashes, then every table written by bulk inserts inside the caller's transaction."""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import DateField, DateTimeField, Field, JSONField, Model, UUIDField
from django.utils import timezone
from django.utils.timezone import localtime

from lienthong.demo.history.replay import Replay
from lienthong.dossiers.models import Dossier, DossierCodeCounter, DossierEvent, StepInstance, Suspension
from lienthong.dossiers.services.events import _as_stored, event_canonical, event_hash

BATCH = 2000


def next_id(model: type[Model]) -> int:
    """The first of the ids this transaction may give `model`'s rows itself.

    Step ids and dossier ids are written into event payloads and hashes before any row exists, so they are chosen
    here rather than returned by the insert. On PostgreSQL the table is locked against other writers until commit
    (readers go on) and the sequence is moved past the block afterwards (`sequences_reset`); SQLite's write
    transaction already excludes other writers, and AUTOINCREMENT never hands out an id it has seen.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 — our own table name
        highest = cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [model._meta.db_table])
            row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
    return highest + 1


def sequences_reset(models: Sequence[type[Model]]) -> None:
    """PostgreSQL's identity sequences past the ids chosen by `next_id`, as `loaddata` does after explicit ids."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def codes_number(replays: Iterable[Replay]) -> list[tuple[int, dt.date, int]]:
    """`dossier_code_issue`'s codes, numbered in order of issue per agency and local day, after any number
    already issued; returns the counters to store so that the next live code takes the next number."""
    coded = sorted((r for r in replays if r.coded_at is not None), key=lambda r: (r.coded_at, r.d.pk))
    if not coded:
        return []
    first_day = localtime(coded[0].coded_at).date()
    issued = {
        (agency_id, day): last
        for agency_id, day, last in DossierCodeCounter.objects.filter(day__gte=first_day).values_list(
            "agency_id", "day", "last"
        )
    }
    last: dict[tuple[int, dt.date], int] = {}
    for replay in coded:
        dossier = replay.d
        day = localtime(replay.coded_at).date()
        key = (dossier.agency_id, day)
        last[key] = number = last.get(key, issued.get(key, 0)) + 1
        dossier.code = replay.receipt["code"] = f"{dossier.agency.identifier_code}-{day:%y%m%d}-{number:04d}"
        for payload in replay.coded_later:
            payload["code"] = dossier.code
    return [(agency_id, day, n) for (agency_id, day), n in last.items()]


def chain(replay: Replay) -> None:
    """Number, link and hash the dossier's events as `record_event` does, and set the dossier's head."""
    head = ""
    for seq, event in enumerate(replay.events, start=1):
        payload = _as_stored(event.payload)
        canonical = event_canonical(
            dossier_id=replay.d.pk, seq=seq, kind=event.kind, at=event.at, actor_id=event.actor_id,
            actor_label=event.actor_label, status_before=event.status_before, status_after=event.status_after,
            payload=payload,
        )  # fmt: skip
        event.seq, event.payload, event.prev_hash = seq, payload, head
        head = event.hash = event_hash(head, canonical)
    replay.d.event_seq, replay.d.event_head = len(replay.events), head


def rows_write(replays: Sequence[Replay], counters: list[tuple[int, dt.date, int]]) -> None:
    now = timezone.now()
    for replay in replays:
        replay.d.created_at = replay.d.updated_at = now
    rows_insert(Dossier, [r.d for r in replays])
    rows_insert(StepInstance, [s for r in replays for s in r.steps])
    rows_insert(Suspension, [s for r in replays for s in r.suspensions], with_pk=False)
    rows_insert(DossierEvent, [e for r in replays for e in r.events], with_pk=False)
    counters_store(counters)
    if connection.vendor == "postgresql":
        sequences_reset([Dossier, StepInstance])


def counters_store(counters: list[tuple[int, dt.date, int]]) -> None:
    """Each agency-day's last number, raised to the history's where the history went further."""
    table = connection.ops.quote_name(DossierCodeCounter._meta.db_table)
    upsert = (
        f"INSERT INTO {table} (agency_id, day, last) VALUES (%s, %s, %s) "  # noqa: S608 — our own table name
        "ON CONFLICT (agency_id, day) DO UPDATE SET last = excluded.last"
    )
    rows = [(agency_id, connection.ops.adapt_datefield_value(day), last) for agency_id, day, last in counters]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(upsert, rows[start : start + BATCH])


def rows_insert(model: type[Model], objects: Sequence[Any], *, with_pk: bool = True) -> None:
    """`bulk_create` without its per-value query compilation, which costs more than the whole replay: each row is
    a tuple of the values Django itself would send (`connection.ops`' adapters for dates and JSON, the field's own
    for UUIDs), inserted `BATCH` rows at a time — one multi-row INSERT on PostgreSQL, `executemany` on SQLite."""
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    adapters = [(n, a) for n, a in enumerate(map(_adapter, fields)) if a is not None]
    table, quote = model._meta.db_table, connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    get = attrgetter(*(f.attname for f in fields))
    values = [_row(obj, get, adapters) for obj in objects]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: psycopg adapts each value once, with no statement to plan; INSERTs cost ten times more.
            with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                for item in values:
                    copy.write_row(item)
            return
        for start in range(0, len(values), BATCH):
            cursor.executemany(f"INSERT INTO {quote(table)} ({columns}) VALUES {row}", values[start : start + BATCH])  # noqa: S608


def _row(obj: Any, get: Callable[[Any], tuple], adapters: list[tuple[int, Callable[[Any], Any]]]) -> tuple:
    values = list(get(obj))
    for n, adapt in adapters:
        values[n] = adapt(values[n])
    return tuple(values)


def _adapter(field: Field) -> Callable[[Any], Any] | None:
    ops = connection.ops
    if isinstance(field, JSONField):
        return lambda value: ops.adapt_json_value(value, field.encoder)
    if isinstance(field, DateTimeField):
        return lambda value: None if value is None else ops.adapt_datetimefield_value(value)
    if isinstance(field, DateField):
        return lambda value: None if value is None else ops.adapt_datefield_value(value)
    if isinstance(field, UUIDField):
        return lambda value: field.get_db_prep_value(value, connection)
    return None
