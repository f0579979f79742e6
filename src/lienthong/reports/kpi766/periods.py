"""The periods the index is published for (month, quarter, 6 months, year), in Viet Nam's local time, and the
instant a dossier is judged at."""

import datetime as dt
from zoneinfo import ZoneInfo

VIET_NAM = ZoneInfo("Asia/Ho_Chi_Minh")
_MONTHS_IN = {"month": 1, "quarter": 3, "half": 6, "year": 12}


def period_bounds(kind: str, year: int, n: int = 1) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the n-th month, quarter or half of `year` (n = 1 for a year), midnight local time: the
    portal's "tháng 8/2026" is 2026-08-01 00:00 to 2026-09-01 00:00 in Ha Noi."""
    if kind not in _MONTHS_IN:
        raise ValueError(f"unknown period kind {kind!r}; one of {', '.join(_MONTHS_IN)}")
    months = _MONTHS_IN[kind]
    if not 1 <= n <= 12 // months:
        raise ValueError(f"a {kind} of the year is numbered 1 to {12 // months}, not {n}")
    first = (n - 1) * months  # months since January
    start = dt.datetime(year, first + 1, 1, tzinfo=VIET_NAM)
    after = first + months
    end = dt.datetime(year + after // 12, after % 12 + 1, 1, tzinfo=VIET_NAM)
    return start, end


def judged_at(*, end_of_processing_at: dt.datetime | None, period_end: dt.datetime) -> dt.datetime:
    """Decision 766's formula notes (2.1): a dossier still open at the period's end — never finished, or finished
    only after it — is judged as if its processing ended at the period's end."""
    if end_of_processing_at is None or end_of_processing_at > period_end:
        return period_end
    return end_of_processing_at
