"""The chain's rules: the text an event's hash covers, the hash, and the next event of a dossier's chain."""

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from json.encoder import encode_basestring as _text  # a string as JSON writes it with ensure_ascii=False
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from lienthong.dossiers.models import Dossier, DossierEvent


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


# `event_canonical`'s encoder, for a payload encoded on its own: `json.dumps(..., sort_keys=True)` writes a nested
# dict exactly as it writes that dict alone, so the payload's text can be spliced into the event's (`_canonical_of`).
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _canonical_of(*, dossier_id: int, seq: int, kind: str, at, actor_id: int | None, actor_label: str,
                  status_before: str, status_after: str, payload_text: str) -> str:  # fmt: skip
    """`event_canonical`'s text around a payload already encoded by `_CANONICAL`: the same keys, in the order
    `sort_keys` gives them (tests/dossiers/test_event_rows_hash_and_store_as_event_build.py proves the texts equal)."""
    at_text = at.astimezone(UTC).isoformat(timespec="microseconds")
    actor = "null" if actor_id is None else repr(int(actor_id))  # as json writes an int: its repr
    return (
        f'{{"actor":{actor},"actor_label":{_text(actor_label)},"after":{_text(status_after)},'
        f'"at":{_text(at_text)},"before":{_text(status_before)},"dossier":{int(dossier_id)!r},"kind":{_text(kind)},'
        f'"payload":{payload_text},"seq":{int(seq)!r}}}'
    )


def event_hash(prev_hash: str, canonical: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def as_stored(payload: dict[str, Any]) -> dict[str, Any]:
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
    payload: dict[str, Any]  # as the database gives it back (`as_stored`)
    canonical: str


def event_prepare(*, dossier: Dossier, kind: str, actor, actor_label: str, status_before: str,
                  payload: dict[str, Any] | None) -> PreparedEvent:  # fmt: skip
    """The next event of `dossier`'s chain, as `record_event` writes it (receiving on PostgreSQL too)."""
    payload = as_stored(payload or {})
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


class EventRow:
    """An event of a batch as its row — `DossierEvent`'s column values, no model instance — with its payload's
    text, encoded once for both the hash and the stored jsonb (`events_write`). Built by `event_row`."""

    __slots__ = ("actor_id", "actor_label", "at", "dossier_id", "hash", "kind", "payload", "payload_text", "pk",
                 "prev_hash", "seq", "status_after", "status_before", "uuid")  # fmt: skip

    def __init__(self, **values: Any) -> None:
        self.pk = None  # set by `events_write` from the insert's RETURNING
        for name, value in values.items():
            setattr(self, name, value)


def event_row(*, dossier: Dossier, kind: str, actor=None, actor_label: str = "", status_before: str,
              payload: dict[str, Any] | None = None) -> EventRow:  # fmt: skip
    """`event_build` for a batch: the same event (number, instant, label, payload as stored, hash onto the
    dossier's head, which moves on in memory), as a row rather than a `DossierEvent`, its payload encoded once —
    the text the hash covers is also the text stored (bench/sync, ninth round)."""
    stored = as_stored(payload or {})
    payload_text = _CANONICAL.encode(stored)
    at, seq = timezone.now(), dossier.event_seq + 1
    label = actor_label or (actor.get_full_name() or actor.get_username() if actor else "")
    actor_id = actor.pk if actor else None
    canonical = _canonical_of(
        dossier_id=dossier.pk, seq=seq, kind=kind, at=at, actor_id=actor_id, actor_label=label,
        status_before=status_before, status_after=dossier.status, payload_text=payload_text,
    )  # fmt: skip
    row = EventRow(
        uuid=uuid.uuid4(), dossier_id=dossier.pk, seq=seq, kind=kind, at=at, actor_id=actor_id, actor_label=label,
        status_before=status_before, status_after=dossier.status, payload=stored, payload_text=payload_text,
        prev_hash=dossier.event_head, hash=event_hash(dossier.event_head, canonical),
    )  # fmt: skip
    dossier.event_seq, dossier.event_head = seq, row.hash
    return row


def history_chain(*, dossier_id: int, events: Sequence[Any]) -> tuple[int, str]:
    """Number, link and hash `events` (a whole chain, oldest first, objects with `DossierEvent`'s attributes) as
    `record_event` would have one by one; returns the dossier's `event_seq` and `event_head`. For a loader that
    writes a dossier's whole history at once (the demo's two years) through `history_events_write`."""
    head = ""
    for seq, event in enumerate(events, start=1):
        payload = as_stored(event.payload)
        canonical = event_canonical(
            dossier_id=dossier_id, seq=seq, kind=event.kind, at=event.at, actor_id=event.actor_id,
            actor_label=event.actor_label, status_before=event.status_before, status_after=event.status_after,
            payload=payload,
        )  # fmt: skip
        event.seq, event.payload, event.prev_hash = seq, payload, head
        head = event.hash = event_hash(head, canonical)
    return len(events), head
