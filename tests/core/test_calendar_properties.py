"""Properties of the engine over the real 2018–2027 calendar, for any start and amount hypothesis picks."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from lienthong.core.calendar import DayException, WorkCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
_PACKAGE = holidays.country_holidays("VN", years=range(2017, 2029), language="vi")
CALENDAR = WorkCalendar(
    working_periods=((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0))),
    weekdays=frozenset(range(5)),
    exceptions={
        **{day: DayException(working=False, reason=name) for day, name in _PACKAGE.items()},
        **{day: DayException(working=True, reason="làm bù") for day in _PACKAGE.weekend_workdays},
    },
    cutoff=time(15, 0),
    tz=VN,
)

starts = st.datetimes(min_value=datetime(2018, 1, 1), max_value=datetime(2026, 12, 31), timezones=st.just(VN))
minutes = st.integers(min_value=0, max_value=450 * 250)  # up to 250 working days of 7 h 30 min


def _inside_working_time(instant: datetime) -> bool:
    return any(opens <= instant <= closes for opens, closes in CALENDAR.periods(instant.date()))


@settings(max_examples=300, deadline=None)
@given(start=starts, amount=minutes)
def test_adding_working_hours_then_measuring_gives_the_amount_back(start, amount):
    due = CALENDAR.add(start, amount / 60, "working_hours").instant

    assert CALENDAR.working_time_between(start, due) == timedelta(minutes=amount)


@settings(max_examples=300, deadline=None)
@given(start=starts, days=st.integers(min_value=0, max_value=250))
def test_n_working_days_consume_n_full_days_from_where_counting_starts(start, days):
    computed = CALENDAR.add(start, days, "working_days")

    assert CALENDAR.working_time_between(computed.counted_from, computed.instant) == days * CALENDAR.day_length
    assert _inside_working_time(computed.instant)


@settings(max_examples=200, deadline=None)
@given(start=starts, days=st.integers(min_value=0, max_value=400), unit=st.sampled_from(["calendar_days", "immediate"]))
def test_a_due_instant_never_falls_on_a_day_off(start, days, unit):
    due = CALENDAR.add(start, days, unit).instant

    assert CALENDAR.is_working_day(due.date())
    assert due.time() == time(17, 0)


@settings(max_examples=200, deadline=None)
@given(start=starts, a=minutes, b=minutes)
def test_more_time_never_gives_an_earlier_due_instant(start, a, b):
    low, high = sorted((a, b))

    assert (
        CALENDAR.add(start, low / 60, "working_hours").instant
        <= CALENDAR.add(start, high / 60, "working_hours").instant
    )
