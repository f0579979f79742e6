"""`record_event`: the one way a dossier's history is written — hash-chained, with its outbox rows."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from lienthong.core.events import subscriptions_for
from lienthong.dossiers.models import Dossier, DossierEvent, OutboxMessage


def event_canonical(*, dossier_id: int, seq: int, kind: str, at, actor_id: int | None, actor_label: str,
                    status_before: str, status_after: str, payload: dict) -> str:  # fmt: skip
    """The text an event's hash covers: stable key order, UTC time, JSON as stored."""
    return json.dumps(
        {
            "dossier": dossier_id,
            "seq": seq,
            "kind": kind,
            "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": actor_id,
            "actor_label": actor_label,
            "before": status_before,
            "after": status_after,
            "payload": payload,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def event_hash(prev_hash: str, canonical: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def _as_stored(payload: dict[str, Any]) -> dict[str, Any]:
    # Hash exactly what the database will give back: dates become ISO text, decimals text, and numbers as
    # PostgreSQL's jsonb prints them (it writes 1e+20 as an integer and -0.0 as 0.0).
    return _jsonb_numbers(json.loads(json.dumps(payload, cls=DjangoJSONEncoder)))


def _jsonb_numbers(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonb_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonb_numbers(item) for item in value]
    if isinstance(value, float):
        if value == 0:
            return 0.0
        if "e" in repr(value) and value.is_integer():
            return int(value)
    return value


@dataclass(frozen=True)
class PreparedEvent:
    """An event's fields and the canonical text its hash covers, before it is written."""

    seq: int
    at: datetime
    actor_label: str
    status_before: str
    status_after: str
    payload: dict[str, Any]  # as the database gives it back (`_as_stored`)
    canonical: str


def event_prepare(*, dossier: Dossier, kind: str, actor, actor_label: str, status_before: str,
                  payload: dict[str, Any] | None) -> PreparedEvent:  # fmt: skip
    """The next event of `dossier`'s chain, as `record_event` writes it (receiving on PostgreSQL too)."""
    payload = _as_stored(payload or {})
    at = timezone.now()
    seq = dossier.event_seq + 1
    label = actor_label or (actor.get_full_name() or actor.get_username() if actor else "")
    canonical = event_canonical(
        dossier_id=dossier.pk, seq=seq, kind=kind, at=at, actor_id=actor.pk if actor else None, actor_label=label,
        status_before=status_before, status_after=dossier.status, payload=payload,
    )  # fmt: skip
    return PreparedEvent(seq, at, label, status_before, dossier.status, payload, canonical)


def event_build(*, dossier: Dossier, kind: str, actor=None, actor_label: str = "", status_before: str,
                payload: dict[str, Any] | None = None) -> DossierEvent:  # fmt: skip
    """The next event of `dossier`'s chain, unsaved, hashed onto its head; the dossier's head moves on in memory
    (the caller writes both). A batch builds each dossier's events one after the other, in order, like this."""
    new = event_prepare(dossier=dossier, kind=kind, actor=actor, actor_label=actor_label,
                        status_before=status_before, payload=payload)  # fmt: skip
    event = DossierEvent(
        dossier=dossier, seq=new.seq, kind=kind, at=new.at, actor=actor, actor_label=new.actor_label,
        status_before=status_before, status_after=new.status_after, payload=new.payload,
        prev_hash=dossier.event_head, hash=event_hash(dossier.event_head, new.canonical),
    )  # fmt: skip
    dossier.event_seq, dossier.event_head = new.seq, event.hash
    return event


def record_event(
    *,
    dossier: Dossier,
    kind: str,
    actor=None,
    actor_label: str = "",
    status_before: str,
    payload: dict[str, Any] | None = None,
    also_save: Iterable[str] = (),
) -> DossierEvent:
    """Append an event to `dossier`'s chain and queue it for every subscriber, in the caller's transaction.

    The caller holds the dossier row (it has just changed it), so the sequence cannot race. `also_save` names
    fields of `dossier` the caller has set and not saved: they go in the update that moves the chain's head, one
    statement fewer (receiving sets the code last, just before the event, to hold the code lock briefly).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction of the change it records")
    event = event_build(dossier=dossier, kind=kind, actor=actor, actor_label=actor_label,
                        status_before=status_before, payload=payload)  # fmt: skip
    event.save(force_insert=True)
    changed = {field: getattr(dossier, field) for field in also_save}
    Dossier.objects.filter(pk=dossier.pk).update(event_seq=event.seq, event_head=event.hash, **changed)
    _queue(event)
    return event


def outbox_messages(event: DossierEvent) -> list[OutboxMessage]:
    """The event's outbox rows, unsaved: one per subscription to its kind."""
    return [OutboxMessage(event=event, topic=s.topic, available_at=event.at) for s in subscriptions_for(event.kind)]


def _queue(event: DossierEvent) -> None:
    messages = outbox_messages(event)
    if not messages:
        return
    OutboxMessage.objects.bulk_create(messages)
    transaction.on_commit(enqueue_dispatch)


def enqueue_dispatch() -> None:
    from lienthong.dossiers.tasks import outbox_dispatch_wake

    outbox_dispatch_wake()
