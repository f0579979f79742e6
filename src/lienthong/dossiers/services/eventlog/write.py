"""Writing a dossier's history: events appended to their chain, with their outbox rows, in the caller's transaction —
one at a time (`record_event`), as a batch (`events_write`), or a whole history at once (`history_events_write`)."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from lienthong.core.bulk import JsonText, rows_copy, rows_insert_columns, rows_insert_tuples
from lienthong.core.events import subscriptions_for
from lienthong.dossiers.models import Dossier, DossierEvent, OutboxMessage
from lienthong.dossiers.services.eventlog.chain import EventRow, event_build
from lienthong.dossiers.services.eventlog.next_due import next_due_subquery


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
    statement fewer (receiving sets the code last, just before the event, to hold the code lock briefly). The same
    update sets the dossier's `next_due_at` from its steps as the change left them (every change of steps ends with
    its event); the in-memory `dossier` keeps the value it was read with.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction of the change it records")
    event = event_build(dossier=dossier, kind=kind, actor=actor, actor_label=actor_label,
                        status_before=status_before, payload=payload)  # fmt: skip
    event.save(force_insert=True)
    changed = {field: getattr(dossier, field) for field in also_save}
    head = Dossier.objects.filter(pk=dossier.pk)
    head.update(event_seq=event.seq, event_head=event.hash, next_due_at=next_due_subquery(), **changed)
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


# An event row's columns, in `EventRow`'s attributes' names; the payload goes as the text its hash covers.
_EVENT_COLUMNS = ("uuid", "dossier_id", "seq", "kind", "at", "actor_id", "actor_label", "status_before", "status_after",
                  "payload", "prev_hash", "hash")  # fmt: skip


def events_write(events: list[EventRow]) -> None:
    """Insert events built with `event_row` (each dossier's in order, its head moved on in memory) and their outbox
    rows, one statement per table, from tuples — no model instance, each payload sent as the text its hash covered;
    the caller writes the dossiers' new heads with its own change of them."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("events_write must run inside the transaction of the changes it records")
    rows = [
        (e.uuid, e.dossier_id, e.seq, e.kind, e.at, e.actor_id, e.actor_label, e.status_before, e.status_after,
         JsonText(e.payload_text), e.prev_hash, e.hash)
        for e in events
    ]  # fmt: skip
    for event, pk in zip(events, rows_insert_tuples(DossierEvent, _EVENT_COLUMNS, rows), strict=True):
        event.pk = pk
    # The outbox rows column by column, not as instances: nobody reads them back here (`outbox_messages` makes the
    # same rows one event at a time).
    columns: dict[str, list] = {"event": [], "topic": [], "available_at": []}
    for event in events:
        for subscription in subscriptions_for(event.kind):
            columns["event"].append(event.pk)
            columns["topic"].append(subscription.topic)
            columns["available_at"].append(event.at)
    if columns["event"]:
        rows_insert_columns(OutboxMessage, columns)
        transaction.on_commit(enqueue_dispatch)


def history_events_write(events: Sequence[Any]) -> None:
    """Insert whole chains hashed by `history_chain` (objects with `DossierEvent`'s attnames, ids left to the
    database). No outbox row: a history loaded at once is not news to any subscriber."""
    rows_copy(DossierEvent, events, with_pk=False)


def enqueue_dispatch() -> None:
    from lienthong.dossiers.tasks import outbox_dispatch_wake

    outbox_dispatch_wake()
