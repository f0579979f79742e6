"""Fixed-window counters on Django's cache: cheap brute-force throttling keyed by whatever the caller counts.

A window is `seconds` long and aligned to the epoch; its counter is one cache key created with `add` (atomic: only
the first caller creates it) and raised with `incr` (atomic in Redis and, under its lock, in LocMem). A burst at a
window's edge can reach twice the rate across two windows — the price of one key and two cache calls per hit.
Counters live in the `default` cache: shared by every process with Redis (LIENTHONG_CACHE_URL), per process with
the local-memory default.
"""

import contextlib
import functools
import math
import time
from dataclasses import dataclass

from django.core.cache import cache

OFF = {"", "off", "0", "none", "false"}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    retry_after: int  # seconds until the window ends: the Retry-After of a refusal


@functools.lru_cache(maxsize=32)
def rate_parse(text: str) -> Rate | None:
    """`"10/60"`: 10 per 60 seconds; `"off"` (or a count of 0): no limit."""
    value = (text or "").strip().lower()
    if value in OFF:
        return None
    count, _, seconds = value.partition("/")
    try:
        rate = Rate(int(count), int(seconds))
    except ValueError:
        raise ValueError(f"a rate is 'count/seconds' (e.g. 10/60) or 'off', not {text!r}") from None
    if rate.count < 0 or rate.seconds <= 0:
        raise ValueError(f"a rate needs a count ≥ 0 and seconds > 0, not {text!r}")
    return rate if rate.count else None


def _window(key: str, rate: Rate, now: float) -> tuple[str, int]:
    index = int(now // rate.seconds)
    retry_after = max(1, math.ceil((index + 1) * rate.seconds - now))
    return f"rl:{key}:{rate.seconds}:{index}", retry_after


def window_hit(key: str, rate: Rate, *, now: float | None = None) -> Verdict:
    """Count one hit in the current window; allowed while the count stays within the rate."""
    name, retry_after = _window(key, rate, time.time() if now is None else now)
    cache.add(name, 0, timeout=rate.seconds + 1)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr: this hit opens the window again
        cache.add(name, 1, timeout=rate.seconds + 1)
        count = 1
    return Verdict(allowed=count <= rate.count, count=count, retry_after=retry_after)


def window_peek(key: str, rate: Rate, *, now: float | None = None) -> Verdict:
    """The current window's count without adding to it; allowed while another hit would still be within the rate."""
    name, retry_after = _window(key, rate, time.time() if now is None else now)
    count = cache.get(name, 0)
    return Verdict(allowed=count < rate.count, count=count, retry_after=retry_after)


def window_refund(key: str, rate: Rate, *, now: float) -> None:
    """Take back a hit counted at `now` (the same instant, so the same window): a reservation that turned out not
    to count, such as a right password where only wrong ones are limited."""
    name, _ = _window(key, rate, now)
    with contextlib.suppress(ValueError):  # the window has expired meanwhile: nothing left to take back
        cache.decr(name)
