"""Keyset pages (issue 18): the rows after the last one shown, by the list's own order, instead of an OFFSET that
reads and throws away every row before the page. A cursor is the last row's sort key, opaque to the reader; one that
cannot be read starts the list again (a tampered link is the first page, never an error).

The order is a tuple of `Key`s ending in a unique column (the primary key), each ascending or descending and with its
NULLs first or last, the same on every database (the `order_by` given to the database says so explicitly)."""

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy


@dataclass(frozen=True)
class Key:
    """One column (or annotation) of a list's order."""

    name: str
    descending: bool = False
    nulls_first: bool = False

    def order(self) -> OrderBy:
        nulls = {"nulls_first": True} if self.nulls_first else {"nulls_last": True}
        return F(self.name).desc(**nulls) if self.descending else F(self.name).asc(**nulls)

    def equal(self, value: Any) -> Q:
        return Q(**{f"{self.name}__isnull": True}) if value is None else Q(**{self.name: value})

    def after(self, value: Any) -> Q:
        """The rows this key puts after `value`."""
        beyond = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value}) if value is not None else None
        if value is None:  # NULLs first: every value comes after; NULLs last: nothing does
            return Q(**{f"{self.name}__isnull": False}) if self.nulls_first else Q(pk__in=[])
        return beyond if self.nulls_first else beyond | Q(**{f"{self.name}__isnull": True})


@dataclass(frozen=True)
class KeysetPage:
    """A page of a list: its rows, how many the whole list holds, and the cursor of the next page, if any."""

    object_list: list
    count: int
    next_cursor: str | None
    is_first: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or not self.is_first


def keyset_order(keys: Sequence[Key]) -> list[OrderBy]:
    return [key.order() for key in keys]


def keyset_page(queryset: QuerySet, keys: Sequence[Key], *, cursor: str = "", size: int) -> KeysetPage:
    """The page after `cursor` of `queryset` (whose annotations include the keys), in the keys' order, and the count
    of the whole list."""
    count = queryset.count()
    after = _decode(cursor, len(keys))
    if after is not None:
        queryset = queryset.filter(_after(keys, after))
    rows = list(queryset.order_by(*keyset_order(keys))[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = cursor_of(rows[-1], keys) if more else None
    return KeysetPage(object_list=rows, count=count, next_cursor=next_cursor, is_first=after is None)


def cursor_of(row, keys: Sequence[Key]) -> str:
    """The cursor of the page after `row` (what "Sau ›" carries when `row` ends a page; bench/dashboards opens a
    deep page with it)."""
    return _encode([getattr(row, key.name) for key in keys])


def _after(keys: Sequence[Key], values: list) -> Q:
    """Lexicographically after `values`: equal on the first keys and after on the next one, for some key."""
    condition = Q(pk__in=[])
    for n, key in enumerate(keys):
        branch = key.after(values[n])
        for previous, value in zip(keys[:n], values[:n], strict=True):
            branch &= previous.equal(value)
        condition |= branch
    return condition


def _encode(values: list) -> str:
    tagged = [["t", v.isoformat()] if isinstance(v, dt.datetime) else ["v", v] for v in values]
    return base64.urlsafe_b64encode(json.dumps(tagged).encode()).decode().rstrip("=")


def _decode(cursor: str, length: int) -> list | None:
    if not cursor:
        return None
    try:
        tagged = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        values = [dt.datetime.fromisoformat(v) if tag == "t" else v for tag, v in tagged]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None
    if len(values) != length or any(isinstance(v, dt.datetime) and v.tzinfo is None for v in values):
        return None
    if not all(v is None or isinstance(v, dt.datetime) or _small_int(v) for v in values):
        return None
    return values


def _small_int(value: Any) -> bool:
    """An integer a database column holds (keys are numbers, instants or NULL; nothing else is read back)."""
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**53
