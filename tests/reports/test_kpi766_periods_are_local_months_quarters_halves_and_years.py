"""The index's periods, in Viet Nam's time, and the instant a dossier is judged at."""

import datetime as dt

import pytest

from lienthong.reports.kpi766 import CURRENT_VERSION, judged_at, period_bounds, sync_fallback_denominator
from lienthong.reports.kpi766.periods import VIET_NAM


def local(year, month, day=1, hour=0):
    return dt.datetime(year, month, day, hour, tzinfo=VIET_NAM)


@pytest.mark.parametrize(
    ("kind", "year", "n", "start", "end"),
    [
        ("month", 2026, 8, local(2026, 8), local(2026, 9)),
        ("month", 2026, 12, local(2026, 12), local(2027, 1)),
        ("quarter", 2026, 3, local(2026, 7), local(2026, 10)),
        ("quarter", 2026, 4, local(2026, 10), local(2027, 1)),
        ("half", 2026, 1, local(2026, 1), local(2026, 7)),
        ("half", 2026, 2, local(2026, 7), local(2027, 1)),
        ("year", 2026, 1, local(2026, 1), local(2027, 1)),
    ],
)
def test_a_period_runs_from_local_midnight_to_the_next_periods_local_midnight(kind, year, n, start, end):
    assert period_bounds(kind, year, n) == (start, end)


def test_the_bounds_are_midnight_in_ha_noi_not_in_utc():
    start, _ = period_bounds("month", 2026, 3)

    assert start.astimezone(dt.UTC) == dt.datetime(2026, 2, 28, 17, tzinfo=dt.UTC)


@pytest.mark.parametrize(("kind", "n"), [("month", 13), ("quarter", 0), ("half", 3), ("year", 2), ("week", 1)])
def test_a_period_that_does_not_exist_is_refused(kind, n):
    with pytest.raises(ValueError, match=kind):
        period_bounds(kind, 2026, n)


def test_a_dossier_open_at_the_periods_end_is_judged_at_the_periods_end():
    _, end = period_bounds("month", 2026, 3)

    assert judged_at(end_of_processing_at=None, period_end=end) == end
    assert judged_at(end_of_processing_at=local(2026, 4, 2), period_end=end) == end
    assert judged_at(end_of_processing_at=local(2026, 3, 20), period_end=end) == local(2026, 3, 20)


@pytest.mark.parametrize(("kind", "expected"), [("month", 2), ("quarter", 6), ("half", 12), ("year", 24)])
def test_the_sync_fallback_spreads_last_years_national_total_over_the_period(kind, expected):
    assert sync_fallback_denominator(previous_year_bcqg_total=24, kind=kind, version=CURRENT_VERSION) == expected


def test_without_last_years_total_the_sync_fallback_is_zero():
    assert sync_fallback_denominator(previous_year_bcqg_total=None, kind="month", version=CURRENT_VERSION) == 0
