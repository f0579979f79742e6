"""Receiving on PostgreSQL: the code, the RECEIVED event, the chain head and the outbox rows in one statement — and
an online submission's code with its SUBMITTED event the same way.

Why: the desk's code counter row is locked from the number's upsert to commit, and every receipt at that desk waits
for it. On the ORM path (`dossier_code_issue` then `record_event`) the lock is held over four statements and the
commit, each a round trip — and under load each also waits for its web worker's GIL. Here everything that does not
depend on the code is computed before, in Python (the event's canonical text included), and one data-modifying
CTE then takes the number, writes the code into the event's payload and canonical text, hashes that text with
PostgreSQL's `sha256()`, and writes the event, the dossier's code and chain head, and the outbox rows: the lock is
held over one statement and the commit.

The rows are the ORM path's, byte for byte (tests/dossiers/test_receipt_sql_matches_the_orm_path.py): the code is
left out of the Python text as a marker character that SQL replaces with the number's digits, in the payload's
JSON and in the hashed text alike. A digit needs no escaping in JSON, so the text hashed is exactly what
`event_canonical` would give with the code in it. Everything else is parameters; table and column names come from
the models.
"""

import json
import uuid
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from lienthong.core.events import subscriptions_for
from lienthong.dossiers.constants import EventKind
from lienthong.dossiers.models import Dossier, DossierCodeCounter, DossierEvent, OutboxMessage
from lienthong.dossiers.services.codes import dossier_code_prefix
from lienthong.dossiers.services.eventlog.chain import event_prepare
from lienthong.dossiers.services.eventlog.write import enqueue_dispatch

# Stands for the code's digits in the texts built in Python: a private-use character, which neither JSON
# (ensure_ascii=False) nor anything else here escapes, and which no code, date or officer's name contains — a
# text where it is not found exactly once goes the ORM way instead.
DIGITS = "\ue000"


def _table(model) -> str:
    return model._meta.db_table


def _columns(model, *names: str) -> str:
    return ", ".join(model._meta.get_field(name).column for name in names)


_COUNTER, _DOSSIER, _EVENT, _OUTBOX = (_table(m) for m in (DossierCodeCounter, Dossier, DossierEvent, OutboxMessage))
_EVENT_FIELDS = ("uuid", "dossier", "seq", "kind", "at", "actor", "actor_label", "status_before", "status_after",
                 "payload", "prev_hash", "hash")  # fmt: skip
_OUTBOX_FIELDS = ("id", "event", "topic", "created_at", "available_at", "attempts", "last_error")
_d = {name: Dossier._meta.get_field(name).column for name in ("id", "code", "event_seq", "event_head")}
_c = {name: DossierCodeCounter._meta.get_field(name).column for name in ("agency", "day", "last")}
_e = {name: DossierEvent._meta.get_field(name).column for name in ("id", "hash")}

# Our own names, not input (S608): every value is a parameter.
RECEIVE = f"""WITH number AS (  -- the desk's next number today; the row stays locked until commit
    INSERT INTO {_COUNTER} ({_c["agency"]}, {_c["day"]}, {_c["last"]}) VALUES (%(agency)s, %(day)s, 1)
    ON CONFLICT ({_c["agency"]}, {_c["day"]}) DO UPDATE SET {_c["last"]} = {_COUNTER}.{_c["last"]} + 1
    RETURNING {_c["last"]} AS last
), digits AS (  -- as Python's f"{{n:04d}}": four digits, widening past 9,999 (lpad would cut)
    SELECT CASE WHEN last < 10000 THEN lpad(last::text, 4, '0') ELSE last::text END AS d FROM number
), event AS (
    INSERT INTO {_EVENT} ({_columns(DossierEvent, *_EVENT_FIELDS)})
    SELECT %(uuid)s, %(dossier)s, %(seq)s, %(kind)s, %(at)s, %(actor)s, %(actor_label)s, %(status_before)s,
           %(status_after)s, replace(%(payload)s, %(mark)s, d)::jsonb, %(prev_hash)s,
           encode(sha256(convert_to(replace(%(hashed)s, %(mark)s, d), 'UTF8')), 'hex')
    FROM digits
    RETURNING {_e["id"]} AS id, {_e["hash"]} AS hash
), head AS (
    UPDATE {_DOSSIER} SET {_d["code"]} = %(prefix)s || d, {_d["event_seq"]} = %(seq)s, {_d["event_head"]} = event.hash
    FROM digits, event WHERE {_DOSSIER}.{_d["id"]} = %(dossier)s
    RETURNING {_DOSSIER}.{_d["code"]} AS code
), outbox AS (  -- runs though nothing below reads it, as every data-modifying CTE does
    INSERT INTO {_OUTBOX} ({_columns(OutboxMessage, *_OUTBOX_FIELDS)})
    SELECT message.id, event.id, message.topic, %(created_at)s, %(at)s, 0, ''
    FROM event, unnest(%(outbox_ids)s::uuid[], %(topics)s::text[]) AS message(id, topic)
)
SELECT head.code, event.id, event.hash FROM head, event
"""  # noqa: S608


def receipt_sql_applies() -> bool:
    """PostgreSQL has `sha256()` (11+) and data-modifying CTEs; SQLite keeps the ORM path."""
    return connection.vendor == "postgresql"


def receipt_record(*, dossier: Dossier, officer, day, payload: dict[str, Any], kind: str = EventKind.RECEIVED,
                   actor_label: str = "") -> bool:  # fmt: skip
    """Give the just-inserted `dossier` its code and its first event (RECEIVED at the desk, by `officer`; SUBMITTED
    online, by `actor_label`), as `dossier_code_issue` then `record_event(..., status_before="", also_save=["code"])`
    would; `payload` is the event's, without the code. False, having written nothing, if the texts cannot carry the
    marker (the caller then takes the ORM path)."""
    prefix = dossier_code_prefix(agency=dossier.agency, day=day)
    new = event_prepare(dossier=dossier, kind=kind, actor=officer, actor_label=actor_label, status_before="",
                        payload={"code": prefix + DIGITS, **payload})  # fmt: skip
    payload_text = json.dumps(new.payload, ensure_ascii=False)
    hashed = f"{dossier.event_head}\n{new.canonical}"
    if hashed.count(DIGITS) != 1 or payload_text.count(DIGITS) != 1:
        return False
    topics = [s.topic for s in subscriptions_for(kind)]
    params = {
        "agency": dossier.agency_id, "day": day, "dossier": dossier.pk, "prefix": prefix, "mark": DIGITS,
        "uuid": uuid.uuid4(), "seq": new.seq, "kind": str(kind), "at": new.at, "actor": officer.pk if officer else None,
        "actor_label": new.actor_label, "status_before": "", "status_after": new.status_after,
        "payload": payload_text, "prev_hash": dossier.event_head, "hashed": hashed,
        "created_at": timezone.now(), "outbox_ids": [uuid.uuid4() for _ in topics], "topics": topics,
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(RECEIVE, params)
        dossier.code, _, dossier.event_head = cursor.fetchone()
    dossier.event_seq = new.seq
    if topics:
        transaction.on_commit(enqueue_dispatch)
    return True
