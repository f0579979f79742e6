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


_subscriptions: dict[str, Subscription] = {}


def subscribe(topic: str, handler: Handler, *, kinds: Iterable[str] | None = None) -> None:
    """Register (or replace) the subscriber `topic`."""
    _subscriptions[topic] = Subscription(topic, handler, frozenset(kinds) if kinds is not None else None)


def unsubscribe(topic: str) -> None:
    _subscriptions.pop(topic, None)


def subscriptions_for(kind: str) -> list[Subscription]:
    return [s for s in _subscriptions.values() if s.kinds is None or kind in s.kinds]


def subscription(topic: str) -> Subscription | None:
    return _subscriptions.get(topic)
