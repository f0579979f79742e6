"""Who listens to dossier events. Subscriber apps register at start-up (AppConfig.ready); the dossiers app
writes one outbox row per interested subscriber in the transaction of the change, and a task delivers it.

`dossiers` never imports a subscriber: it only asks this registry who is interested (DESIGN.md rule 2).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

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
