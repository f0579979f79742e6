"""Dossiers with several events each, and raw SQL that tampers with them the way someone with database access would."""

import datetime as dt
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection, transaction
from django.utils import timezone

from lienthong.dossiers.audit_seal import seal, sealing_key
from lienthong.dossiers.constants import Channel, EventKind, Status
from lienthong.dossiers.models import ChainDigest, Dossier, DossierEvent, OutboxMessage
from lienthong.dossiers.services import dossier_receive
from lienthong.dossiers.services.eventlog import event_canonical, event_hash, record_event

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM)
STEP = dt.timedelta(minutes=1)
# Received, then three transitions; payloads of every JSON type, keys of different lengths (jsonb reorders them).
TRANSITIONS = [
    (Status.PROCESSING, EventKind.ASSIGNED, {"assignee": "chuyên viên Lê Văn An", "step": 2}),
    (Status.SUPPLEMENT_REQUESTED, EventKind.SUPPLEMENT_REQUESTED,
     {"missing": ["Giấy tờ về quyền sử dụng đất"], "fee": Decimal("15000.50"), "by": dt.date(2026, 3, 9)}),
    (Status.PROCESSING, EventKind.SUPPLEMENT_RECEIVED,
     {"pages": 3, "ratio": 0.1, "ok": True, "note": None, "z": {"b": [1, 2.5, "ba"], "a": {}}}),
]  # fmt: skip


def build_trails(province, officers, procedure, applicant, form_data, documents, *, count=3, start=T0):
    """`count` received dossiers, each with 1 + len(TRANSITIONS) events one minute apart, starting at `start`."""
    dossiers = []
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(count):
            dossiers.append(
                dossier_receive(officer=officers["receiver@commune_centre"], agency=province["commune_centre"],
                                version=procedure, channel=Channel.COUNTER, applicant=applicant,
                                form_data=form_data, documents_present=documents)
            )  # fmt: skip
            traveller.shift(STEP)
        for status, kind, payload in TRANSITIONS:
            for dossier in dossiers:
                advance(dossier, status=status, kind=kind, payload=payload, actor=officers["specialist@committee"])
                traveller.shift(STEP)
    return dossiers


def bulk_trails(numbers: range, *, province, procedure, events_each: int) -> None:
    """Dossiers with valid chains written in bulk (record_event's hashing, without its 2 queries per event)."""
    dossiers = Dossier.objects.bulk_create(
        Dossier(agency=province["commune_centre"], procedure_version=procedure, channel=Channel.COUNTER,
                status=Status.PROCESSING, applicant_name=f"Người nộp {n}", code=f"TEST-{n:04d}")
        for n in numbers
    )  # fmt: skip
    now, events = timezone.now(), []
    for dossier in dossiers:
        for seq in range(1, events_each + 1):
            fields = {"dossier_id": dossier.pk, "seq": seq, "kind": EventKind.STEP_COMPLETED, "at": now,
                      "actor_label": "", "status_before": Status.PROCESSING, "status_after": Status.PROCESSING,
                      "payload": {"n": seq}}  # fmt: skip
            canonical = event_canonical(actor_id=None, **fields)
            events.append(
                DossierEvent(
                    prev_hash=dossier.event_head,
                    hash=event_hash(dossier.event_head, canonical),
                    **{k: v for k, v in fields.items() if k != "dossier_id"},
                    dossier=dossier,
                )
            )
            dossier.event_seq, dossier.event_head = seq, events[-1].hash
    DossierEvent.objects.bulk_create(events, batch_size=500)
    Dossier.objects.bulk_update(dossiers, ["event_seq", "event_head"], batch_size=500)


def advance(dossier: Dossier, *, status: str, kind: str, payload=None, actor=None) -> DossierEvent:
    """A small transition as a lifecycle service makes it: the status and its event in one transaction."""
    with transaction.atomic():
        before, dossier.status = dossier.status, status
        Dossier.objects.filter(pk=dossier.pk).update(status=status)
        return record_event(dossier=dossier, kind=kind, actor=actor, status_before=before, payload=payload)


def event(dossier: Dossier, seq: int) -> DossierEvent:
    return DossierEvent.objects.get(dossier=dossier, seq=seq)


def sql(statement: str, params=()) -> None:
    """Raw SQL on the tables by name, past the ORM and its PROTECT: `{event}`, `{dossier}`, `{digest}`, `{json}`."""
    names = {
        "event": DossierEvent._meta.db_table,
        "dossier": Dossier._meta.db_table,
        "digest": ChainDigest._meta.db_table,
        "outbox": OutboxMessage._meta.db_table,
        "json": "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s",
    }
    with connection.cursor() as cursor:
        cursor.execute(statement.format(**names), params)


def delete_events(condition: str, params) -> None:
    """DELETE FROM the event table WHERE `condition`, with the outbox rows that point at those events."""
    sql("DELETE FROM {outbox} WHERE event_id IN (SELECT id FROM {event} WHERE %s)" % condition, params)  # noqa: S608, UP031
    sql("DELETE FROM {event} WHERE %s" % condition, params)  # noqa: S608, UP031


def delete_trail(dossier: Dossier) -> None:
    """Delete a dossier with its whole trail and every row that points at it, as a DELETE … in psql would."""
    delete_events("dossier_id = %s", [dossier.pk])
    for relation in Dossier._meta.related_objects:
        table, column = relation.related_model._meta.db_table, relation.field.column
        sql(f"DELETE FROM {table} WHERE {column} = %s", [dossier.pk])  # noqa: S608 — names from the models
    sql("DELETE FROM {dossier} WHERE id = %s", [dossier.pk])


def payload_json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def rechain(dossier: Dossier) -> None:
    """What someone with database access does after altering or deleting events: recompute the dossier's hashes
    from its first event on, and its head, with the chain's public formula — the chain verifies again."""
    previous, seq = "", 0
    for row in DossierEvent.objects.filter(dossier=dossier).order_by("seq"):
        canonical = event_canonical(dossier_id=row.dossier_id, seq=row.seq, kind=row.kind, at=row.at,
                                    actor_id=row.actor_id, actor_label=row.actor_label,
                                    status_before=row.status_before, status_after=row.status_after,
                                    payload=row.payload)  # fmt: skip
        row_hash = event_hash(previous, canonical)
        sql("UPDATE {event} SET prev_hash = %s, hash = %s WHERE id = %s", [previous, row_hash, row.pk])
        previous, seq = row_hash, row.seq
    sql("UPDATE {dossier} SET event_head = %s, event_seq = %s WHERE id = %s", [previous, seq, dossier.pk])


def reseal(seal_with) -> None:
    """Recompute every digest from the events as they now are, with `seal_with(prev_digest, digest, hashes)` —
    the unkeyed formula, a guessed key, or (for someone who holds it) the real one — and write them back."""
    previous = ""
    for digest in ChainDigest.objects.order_by("covers_until", "id"):
        events = DossierEvent.objects.filter(at__lte=digest.covers_until)
        if digest.covers_from is not None:
            events = events.filter(at__gt=digest.covers_from)
        hashes = list(events.order_by("at", "id").values_list("hash", flat=True))
        value = seal_with(previous, digest, hashes)
        sql("UPDATE {digest} SET prev_digest = %s, digest = %s, event_count = %s WHERE id = %s",
            [previous, value, len(hashes), digest.pk])  # fmt: skip
        previous = value


def sealed_with_the_key(previous, digest, hashes) -> str:
    """`reseal`'s formula for someone who holds LIENTHONG_AUDIT_KEY: the application's own seal."""
    return seal(sealing_key()[1], prev_digest=previous, covers_from=digest.covers_from,
                covers_until=digest.covers_until, hashes=hashes)[0]  # fmt: skip
