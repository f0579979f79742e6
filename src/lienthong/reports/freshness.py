"""When cached scores are stale: a generation per month of receipt, bumped whenever a fact received in that month
changes (`fact_refresh`, `reports_rebuild`), read into the cache key of every cached score of a period.

So a dashboard's figure never lags the list behind it once the change is in the read model — an ended month's scores
stay cached for an hour only while nothing in them moves. The generations live in the cache itself: shared by every
node with Redis; with a per-process cache each process sees its own changes and the TTL bounds the rest.
"""

import datetime as dt
from collections.abc import Iterable

from django.core.cache import cache
from django.utils import timezone

_KEY = "reports:gen:{month}"
_EVERYTHING = "reports:gen:all"  # a rebuild moves every month at once
TTL = None  # never expire: one small counter per month (an expired one would read 0 and could repeat an old key)


def _month(instant: dt.datetime | dt.date) -> str:
    day = timezone.localtime(instant).date() if isinstance(instant, dt.datetime) else instant
    return f"{day.year}-{day.month:02d}"


def months_touch(instants: Iterable[dt.datetime | dt.date | None]) -> None:
    """The facts received at these instants changed: their months' cached scores are stale."""
    for month in {_month(instant) for instant in instants if instant is not None}:
        _bump(_KEY.format(month=month))


def everything_touch() -> None:
    _bump(_EVERYTHING)


def _bump(key: str) -> None:
    if not cache.add(key, 1, TTL):
        try:
            cache.incr(key)
        except ValueError:  # evicted between the two calls
            cache.set(key, 1, TTL)


def generation(start: dt.datetime, end: dt.datetime) -> str:
    """A token that changes whenever a fact received in [start, end) changes (months of the local calendar)."""
    months, day = [], timezone.localtime(start).date().replace(day=1)
    last = timezone.localtime(end - dt.timedelta(microseconds=1)).date()
    while day <= last:
        months.append(_KEY.format(month=f"{day.year}-{day.month:02d}"))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    found = cache.get_many([*months, _EVERYTHING])
    return ".".join(str(found.get(key, 0)) for key in [_EVERYTHING, *months])
