"""Each period's figures kept, so that no leader's page waits for a cold count (issue 12, item 7).

Scoring a period live costs two grouped statements over every fact received in it (`index766.province_figures`):
~0.15 s at 200,000 dossiers, seconds for a year at 10 million. The figures — the engine's inputs, a few thousand
integers — are counted by the worker and stored per period and formula version (`PeriodFigures`); a page reads
them in one statement and runs the pure engine (~0.13 ms a unit).

- **Current or not.** A change of a fact received in a month moves `changes` on every stored period holding that
  month (`periods_touch`, after the fact's commit; a rebuild moves them all). Figures are current while the count
  they came from saw the latest `changes` and, for a period still running, while they are younger than
  `RUNNING_FRESH` (time alone makes a dossier late); an ended period's after `ENDED_FRESH` (the complaints,
  ratings and catalogue the figures also count move no fact). A page shows figures that are not current with
  the time they were counted ("Số liệu lúc HH:MM") and asks the worker for a count.
- **Who counts.** The worker: after facts change, the periods of the dashboard's menu holding the changed month
  (the running month, quarter, half and year among them), at most once a minute per period and process
  (`refresh_soon`: the count is deferred a minute and every change in that minute is in it); every hour
  (`lienthong scheduler`) every period of the menu. A page counts only a period never stored, once, and stores it.
- **One writer**: this module. A count reads `changes` before it begins and stores it beside the figures, so a
  change committed during the count leaves them marked as not current.
"""

import datetime as dt
import logging
import threading
import time
from collections.abc import Iterable

from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from lienthong.reports.index766 import Period, province_figures
from lienthong.reports.kpi766 import CURRENT_VERSION
from lienthong.reports.models import PeriodFigures
from lienthong.reports.units import AgencyTree

log = logging.getLogger(__name__)

RUNNING_FRESH = dt.timedelta(minutes=5)
ENDED_FRESH = dt.timedelta(hours=2)  # the hourly count keeps the menu's periods younger than this
REFRESH_AFTER_SECONDS = 60  # a change's count runs this much later; changes in between ride along
# A period whose count took longer waits longer: at most this share of the worker's time goes to recounting it (the
# running year's count grows with the province: ~0.5 s at 200,000 dossiers, tens of seconds at 10 million).
REFRESH_MAX_SHARE = 0.1


def menu_periods(now: dt.datetime) -> list[Period]:
    """The periods the dashboard's menu offers, newest first within each kind: 12 months, 4 quarters, 2 halves,
    3 years."""
    periods = []
    for kind, count in (("month", 12), ("quarter", 4), ("half", 2), ("year", 3)):
        period = Period.containing(kind, now)
        for _ in range(count):
            periods.append(period)
            period = period.previous()
    return periods


def figures_read(period: Period, *, version: str = CURRENT_VERSION) -> PeriodFigures | None:
    """The period's stored figures, if any: one statement."""
    return PeriodFigures.objects.filter(period_key=period.key, version=version).first()


def figures_current(row: PeriodFigures, *, now: dt.datetime) -> bool:
    if row.counted_changes != row.changes:
        return False
    fresh = RUNNING_FRESH if row.end > now else ENDED_FRESH
    return now - row.counted_at < fresh


def by_unit(row: PeriodFigures) -> dict[int, dict[str, int]]:
    return {int(unit_id): figures for unit_id, figures in row.figures.items()}


def figures_count(
    *, period: Period, version: str = CURRENT_VERSION, now: dt.datetime | None = None, tree: AgencyTree | None = None
) -> PeriodFigures:
    """Count the period's figures now and store them (one upsert); the row, stored or — on a read-only
    connection, as bench/dashboards opens — only counted."""
    now = now or timezone.now()
    start, end = period.bounds
    seen = PeriodFigures.objects.filter(period_key=period.key, version=version).values_list("changes", flat=True)
    changes = next(iter(seen), 0)  # read before counting: a change during the count leaves the row not current
    judged = min(end, now)
    figures = province_figures(period=period, version=version, judged=judged, tree=tree)
    row = PeriodFigures(
        period_key=period.key, version=version, start=start, end=end, judged_at=judged, counted_at=now,
        changes=changes, counted_changes=changes, figures={str(unit): counts for unit, counts in figures.items()},
    )  # fmt: skip
    try:
        with transaction.atomic():
            PeriodFigures.objects.bulk_create(
                [row],
                update_conflicts=True,
                unique_fields=["period_key", "version"],
                update_fields=["start", "end", "judged_at", "counted_at", "counted_changes", "figures"],
            )
    except DatabaseError as error:  # a read-only connection: the page still shows what it counted
        log.warning("figures of %s not stored: %s", period.key, error)
    return row


def periods_touch(instants: Iterable[dt.datetime | None]) -> None:
    """Facts received at these instants changed: every stored period holding their months is no longer current,
    and the menu's periods holding them are counted again soon. Called after the fact's commit."""
    months = {Period.containing("month", instant) for instant in instants if instant is not None}
    if not months:
        return
    keys = set()
    menu = menu_periods(timezone.now())
    for month in months:
        start = month.bounds[0]
        PeriodFigures.objects.filter(start__lte=start, end__gt=start).update(changes=F("changes") + 1)
        keys.update(p.key for p in menu if p.bounds[0] <= start < p.bounds[1])
    refresh_soon(sorted(keys))


def figures_touch_all() -> None:
    """Every fact may have changed (a rebuild): no stored figures are current."""
    PeriodFigures.objects.update(changes=F("changes") + 1)


class _Asked:
    """When (monotonic clock) this process last asked for a count of each (period key, version), and how long the
    last count of each took here (the worker both asks, after the facts it refreshes, and counts)."""

    lock = threading.Lock()
    at: dict[tuple[str, str], float] = {}
    took: dict[tuple[str, str], float] = {}


def _wait(key: tuple[str, str]) -> float:
    """Seconds between two counts of a period: a minute, or longer for a count that takes long."""
    return max(REFRESH_AFTER_SECONDS, _Asked.took.get(key, 0.0) / REFRESH_MAX_SHARE)


_clock = time.monotonic  # a module attribute: a test moves time on


def refresh_soon(period_keys: list[str], *, version: str = CURRENT_VERSION) -> None:
    """Ask the worker to count these periods; at most once a minute per period and process. The count is deferred
    by that minute, so it reads every change the skipped asks stood for. Never fails the caller: a read-only
    connection (the bench) or a queue down leaves the figures as they are, shown with their time."""
    from lienthong.reports.tasks import figures_refresh

    now = _clock()
    with _Asked.lock:
        wanted = [
            key for key in period_keys
            if not 0 <= now - _Asked.at.get((key, version), -1e18) < _wait((key, version))
        ]  # fmt: skip
        for key in wanted:
            _Asked.at[(key, version)] = now
        wait = max((_wait((key, version)) for key in wanted), default=0.0)
    if not wanted:
        return
    task = figures_refresh
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + dt.timedelta(seconds=wait))
    try:
        with transaction.atomic():
            task.enqueue(period_keys=wanted, version=version)
    except DatabaseError as error:
        with _Asked.lock:
            for key in wanted:
                _Asked.at.pop((key, version), None)
        log.warning("count of %s not asked for: %s", ", ".join(wanted), error)


def refresh_forget() -> None:
    """Forget what this process asked for (tests start afresh)."""
    with _Asked.lock:
        _Asked.at.clear()


def figures_refresh_keys(period_keys: Iterable[str], *, version: str = CURRENT_VERSION) -> int:
    """Count these periods now (the worker's task); how many."""
    from lienthong.reports.dashboard import scores_forget

    tree = AgencyTree()
    count = 0
    for key in period_keys:
        started = _clock()
        figures_count(period=Period.parse(key), version=version, tree=tree)
        with _Asked.lock:
            _Asked.took[(key, version)] = _clock() - started
        count += 1
    scores_forget()  # what this process holds from the figures before
    return count


def figures_refresh_menu(*, version: str = CURRENT_VERSION, now: dt.datetime | None = None) -> int:
    """Count every period of the dashboard's menu not counted since the last hour's changes: those whose figures
    are not current, or older than the hour."""
    now = now or timezone.now()
    menu = menu_periods(now)
    rows = PeriodFigures.objects.filter(version=version, period_key__in=[p.key for p in menu])
    stored = {row.period_key: row for row in rows}
    tree = AgencyTree()
    count = 0
    for period in menu:
        row = stored.get(period.key)
        if row is not None and figures_current(row, now=now) and now - row.counted_at < dt.timedelta(minutes=50):
            continue
        figures_count(period=period, version=version, now=now, tree=tree)
        count += 1
    return count
