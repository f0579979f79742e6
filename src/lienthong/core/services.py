"""Calendar services: what the other apps, the `lienthong calendar` command and the API call.

Each takes an optional `calendar`; pass `work_calendar_current()` once when computing many deadlines together.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from lienthong.core.calendar import ClockReading, Computed, Pause, TimeUnit, WorkCalendar, parse_instant
from lienthong.core.calendar_store import DayEntry, calendar_days_of_year, work_calendar_current


def calendar_add(
    *, start: datetime, amount: int | float | Decimal | str, unit: TimeUnit | str, calendar: WorkCalendar | None = None
) -> Computed:
    """The due instant of a period starting at `start`, explained (Decree 61 art. 18; Civil Code art. 147–148)."""
    return (calendar or work_calendar_current()).add(start, amount, unit)


def calendar_working_time_between(*, start: datetime, end: datetime, calendar: WorkCalendar | None = None) -> timedelta:
    """Working time between two instants, for measuring how long a step really took."""
    return (calendar or work_calendar_current()).working_time_between(start, end)


def calendar_read_clock(
    *,
    started: datetime,
    due: datetime,
    pauses: Sequence[Pause],
    at: datetime,
    calendar: WorkCalendar | None = None,
) -> ClockReading:
    """A dossier's clock at `at`: supplement time is not counted and pushes the due instant back (Decree 61 art. 19)."""
    return (calendar or work_calendar_current()).read_clock(started=started, due=due, pauses=pauses, at=at)


def calendar_year_days(*, year: int) -> list[DayEntry]:
    """The days off and make-up days of a year, each with its reason and source (package or override)."""
    return calendar_days_of_year(year)


def calendar_parse_instant(text: str) -> datetime:
    """A typed instant; without an offset it is local time (Asia/Ho_Chi_Minh)."""
    return parse_instant(text, timezone.get_default_timezone())
