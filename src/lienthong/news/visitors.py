"""Visitor counters of the public pages — online now, today, this month, total — kept in the cache.

A *visit* is a visitor's first public page of a local day; a *visitor* is a keyed hash (HMAC-SHA256 with the
SECRET_KEY) of the client address, the browser's User-Agent and the day: no cookie is set and nothing personal is
stored, and tomorrow's key cannot be linked to today's.

Cost on a page view (`count_view`, called by `news.middleware`): one cache call when the visitor was already seen
in the current five-minute window (most views), up to six when a visitor is new to the window or the day. No query.
The day's visits accumulate in a cache counter; `visits_flush` (the `news.tasks.visits_flush` task, or a news page
at most every FLUSH_SECONDS) adds them to the `VisitDay` row and keeps a snapshot of the totals in the cache, which
`visits_now` reads with one `get_many` — no query either. The footer (`{% visit_counters %}`) shows what
`visits_now` said at most SHOWN_SECONDS ago in this process: the page does not pay that read and its formatting on
every view, and a flush in this process shows at once (`snapshot_store` forgets what was shown).

"Online now" is the sliding-window estimate from two five-minute buckets of distinct visitors: the current bucket
plus the previous one weighted by the share of it still inside the last five minutes.

Counts live in the `default` cache: with Redis (LIENTHONG_CACHE_URL) one count for every process; with the
per-process memory cache each process counts and flushes its own visits, and a visitor served by two processes is
counted by both. Visits not yet flushed are lost if the cache is (at most FLUSH_SECONDS' worth on a read site).
"""

import dataclasses
import datetime as dt
import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

WINDOW = 5 * 60  # "online now": seen within the last five minutes
DAY_TTL = 26 * 60 * 60
PENDING_TTL = 8 * 24 * 60 * 60  # a flush within a week keeps every visit
SNAPSHOT_TTL = 30 * 24 * 60 * 60
FLUSH_SECONDS = 5 * 60
SHOWN_SECONDS = 10  # the footer's counters are at most this old (per process and language)
PENDING_DAYS = 7

PREFIX = "news:visits"
SNAPSHOT_KEY = f"{PREFIX}:snapshot"
FLUSH_DUE_KEY = f"{PREFIX}:flush-due"
FLUSH_LOCK_KEY = f"{PREFIX}:flush-lock"


def visitor_key(*, address: str, user_agent: str, day: dt.date) -> str:
    message = f"{address}\n{user_agent}\n{day.isoformat()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


def pending_key(day: dt.date) -> str:
    return f"{PREFIX}:pending:{day:%Y%m%d}"


def _online_key(window: int) -> str:
    return f"{PREFIX}:online:{window}"


def _bump(key: str, timeout: int) -> int:
    """Add one to a counter, creating it if needed; `incr` first because the counter usually exists."""
    try:
        return cache.incr(key)
    except ValueError:
        if cache.add(key, 1, timeout=timeout):
            return 1
        return cache.incr(key)


def count_view(*, address: str, user_agent: str, now: float | None = None) -> None:
    """Count one public page view. The five-minute window's key is checked first: a visitor seen in it has been
    counted today already (windows never straddle a local midnight: the offset of Asia/Ho_Chi_Minh is whole hours)."""
    now = time.time() if now is None else now
    day = timezone.localdate(dt.datetime.fromtimestamp(now, tz=dt.UTC))
    key = visitor_key(address=address, user_agent=user_agent, day=day)
    window = int(now // WINDOW)
    if not cache.add(f"{PREFIX}:seen:{window}:{key}", 1, timeout=WINDOW + 5):
        return
    _bump(_online_key(window), timeout=2 * WINDOW + 5)
    if cache.add(f"{PREFIX}:seen:{day:%Y%m%d}:{key}", 1, timeout=DAY_TTL):
        _bump(pending_key(day), timeout=PENDING_TTL)


@dataclasses.dataclass(frozen=True)
class Counters:
    online: int
    today: int
    month: int
    total: int


def snapshot_store(*, day: dt.date, today: int, month: int, total: int) -> None:
    """The database's totals at a flush, as of `day`: plain values, so any process and version can read them."""
    cache.set(SNAPSHOT_KEY, (day.isoformat(), today, month, total), timeout=SNAPSHOT_TTL)
    shown_forget()


# What the footer showed last, per language: (monotonic time until which it stands, its HTML). Per process.
SHOWN: dict[str, tuple[float, str]] = {}


def shown_forget() -> None:
    """The next footer reads the counters afresh (after a flush here; tests, whose cache is emptied between them)."""
    SHOWN.clear()


def visits_now(*, now: float | None = None) -> Counters | None:
    """The counters from the cache alone; None until a flush has left a snapshot in this cache."""
    now = time.time() if now is None else now
    today = timezone.localdate(dt.datetime.fromtimestamp(now, tz=dt.UTC))
    yesterday = today - dt.timedelta(days=1)
    window = int(now // WINDOW)
    keys = [SNAPSHOT_KEY, pending_key(today), pending_key(yesterday), _online_key(window), _online_key(window - 1)]
    found = cache.get_many(keys)
    if SNAPSHOT_KEY not in found:
        return None
    day_iso, base_today, base_month, base_total = found[SNAPSHOT_KEY]
    base_day = dt.date.fromisoformat(day_iso)
    pending_today, pending_yesterday = found.get(keys[1], 0), found.get(keys[2], 0)
    same_day = base_day == today
    same_month = (base_day.year, base_day.month) == (today.year, today.month)
    yesterday_unflushed = pending_yesterday if yesterday.month == today.month else 0
    previous_share = 1 - (now % WINDOW) / WINDOW
    online = found.get(keys[3], 0) + round(found.get(keys[4], 0) * previous_share)
    return Counters(
        online=online,
        today=(base_today if same_day else 0) + pending_today,
        month=(base_month if same_month else 0) + pending_today + yesterday_unflushed,
        total=base_total + pending_today + pending_yesterday,
    )


def reader_key(*, address: str, user_agent: str) -> str:
    """Who rated an article, without an account or a cookie: the same keyed hash for the same address and browser,
    on any day (one rating per visitor per article)."""
    message = f"rating\n{address}\n{user_agent[:300]}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]
