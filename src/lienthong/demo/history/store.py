"""Writing the replayed history: ids reserved first, codes numbered per agency and day, each chain hashed by the
dossier app's event log exactly as `record_event` hashes, then every table written by bulk inserts (the events by
the event log's own `history_events_write`) inside the caller's transaction."""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django.utils.timezone import localtime

from lienthong.core.bulk import rows_copy
from lienthong.demo.history.replay import Replay
from lienthong.dossiers.models import (
    Attachment,
    Dossier,
    DossierCodeCounter,
    StepInstance,
    StoredDocument,
    Suspension,
)
from lienthong.dossiers.services.codes import dossier_code_format
from lienthong.dossiers.services.eventlog import history_chain, history_events_write, next_due_of
from lienthong.dossiers.services.store import history_store_write

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


def codes_number(
    replays: Iterable[Replay], *, issued: dict[tuple[int, dt.date], int] | None = None
) -> list[tuple[int, dt.date, int]]:
    """`dossier_code_issue`'s codes, numbered in order of issue per agency and local day, after any number
    already issued (read from the counters, or `issued` per (agency id, day) by a loader that reserved its block of
    numbers itself); returns the counters to store so that the next live code takes the next number."""
    coded = sorted((r for r in replays if r.coded_at is not None), key=lambda r: (r.coded_at, r.d.pk))
    if not coded:
        return []
    if issued is None:
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
        dossier.code = replay.receipt["code"] = dossier_code_format(agency=dossier.agency, day=day, number=number)
        for payload in replay.coded_later:
            payload["code"] = dossier.code
    return [(agency_id, day, n) for (agency_id, day), n in last.items()]


def chain(replay: Replay) -> None:
    """Number, link and hash the dossier's events as `record_event` does (the dossier app's own rules), and set the
    dossier's head."""
    replay.d.event_seq, replay.d.event_head = history_chain(dossier_id=replay.d.pk, events=replay.events)


def rows_write(replays: Sequence[Replay], counters: list[tuple[int, dt.date, int]]) -> None:
    now = timezone.now()
    for replay in replays:
        replay.d.created_at = replay.d.updated_at = now
        replay.d.next_due_at = next_due_of(replay.steps)  # as the event log's writer keeps it
    rows_copy(Dossier, [r.d for r in replays])
    rows_copy(StepInstance, [s for r in replays for s in r.steps])
    rows_copy(Suspension, [s for r in replays for s in r.suspensions], with_pk=False)
    rows_copy(Attachment, [a for r in replays for a in (*r.uploads, *r.results)])
    history_events_write([e for r in replays for e in r.events])
    counters_store(counters)
    if connection.vendor == "postgresql":
        sequences_reset([Dossier, StepInstance, Attachment])


def stored_write(entries) -> None:
    """The applicants' store of documents digitised in the history (`digitised.py`), through the store's own batch
    writer, after the attachments they come from."""
    if not entries:
        return
    history_store_write(entries)
    if connection.vendor == "postgresql":
        sequences_reset([StoredDocument])


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
