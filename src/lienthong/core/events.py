"""Who listens to dossier events. Subscriber apps register at start-up (AppConfig.ready); the dossiers app
writes one outbox row per interested subscriber in the transaction of the change, and a task delivers it.

`dossiers` never imports a subscriber: it only asks this registry who is interested (DESIGN.md rule 2).
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)
Handler = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Subscription:
    topic: str  # a stable name: it is stored on outbox rows
    handler: Handler  # receives the event envelope; raising means "retry later"
    kinds: frozenset[str] | None  # None: every kind
    # Asked on every event, so it must cost no query: False means nobody behind the topic wants any event now, and
    # no outbox row is written for it. The subscriber answers for never saying False while someone does.
    listening: Callable[[], bool] | None = None  # None: always


_subscriptions: dict[str, Subscription] = {}


def subscribe(
    topic: str, handler: Handler, *, kinds: Iterable[str] | None = None, listening: Callable[[], bool] | None = None
) -> None:
    """Register (or replace) the subscriber `topic`."""
    _subscriptions[topic] = Subscription(topic, handler, frozenset(kinds) if kinds is not None else None, listening)


def unsubscribe(topic: str) -> None:
    _subscriptions.pop(topic, None)


def subscriptions_for(kind: str) -> list[Subscription]:
    """The topics that get an outbox row for an event of `kind`: those wanting the kind, and listening now."""
    return [
        s
        for s in _subscriptions.values()
        if (s.kinds is None or kind in s.kinds) and (s.listening is None or s.listening())
    ]


def subscription(topic: str) -> Subscription | None:
    return _subscriptions.get(topic)


# -- events of other records ---------------------------------------------------------------------------------------
# A complaint's events and a rating are not dossier events: they have no chain and no outbox row. Their writers
# (`complaints.services`, `feedback.services`) publish them here, inside the transaction of the change, and each
# subscriber (the reporting read model) applies them there, in a savepoint: what it keeps commits with the change
# or not at all, so no crash between the two can lose one. A subscriber that fails is logged and rolled back to its
# savepoint — the change itself goes through; the next event of the record, or a rebuild, repairs what it keeps.
# These records change a few hundred times a day, not at a desk's pace: the few statements cost nothing.

RecordHandler = Callable[[dict[str, Any]], None]
_record_subscriptions: dict[str, dict[str, RecordHandler]] = {}  # source → topic → handler


def record_subscribe(source: str, topic: str, handler: RecordHandler) -> None:
    """Register (or replace) `topic`'s handler of the events `source` publishes (`complaints`, `feedback`)."""
    _record_subscriptions.setdefault(source, {})[topic] = handler


def record_unsubscribe(source: str, topic: str) -> None:
    _record_subscriptions.get(source, {}).pop(topic, None)


def record_publish(source: str, envelope: dict[str, Any]) -> None:
    """Hand an event of `source` to each of its subscribers, in the caller's transaction (see above)."""
    from django.db import transaction

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_publish must run inside the transaction of the change it publishes")
    for topic, handler in list(_record_subscriptions.get(source, {}).items()):
        try:
            with transaction.atomic():
                handler(envelope)
        except Exception:
            log.exception("subscriber %s failed on an event of %s: %s", topic, source, envelope)
