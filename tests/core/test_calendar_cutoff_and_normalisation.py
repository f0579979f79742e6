"""Where counting starts: the 15:00 cut-off (Decree 61 art. 18; Decree 23/2015 art. 7) and instants outside hours.

A plain Monday–Friday calendar with no holidays; March 2026 has none anyway. Monday 2/3/2026 is the first day.
"""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from lienthong.core.calendar import CalendarError, WorkCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PERIODS = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))


def _calendar(cutoff: time | None = time(15, 0)) -> WorkCalendar:
    return WorkCalendar(working_periods=PERIODS, weekdays=frozenset(range(5)), exceptions={}, cutoff=cutoff, tz=VN)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=VN)


@pytest.mark.parametrize(
    ("start", "amount", "unit", "counted_from", "due"),
    [
        pytest.param(at(2, 15, 0), 1, "working_days", at(2, 15, 0), at(3, 15, 0), id="15:00 sharp is not after"),
        pytest.param(at(2, 15, 1), 1, "working_days", at(3, 7, 30), at(3, 17, 0), id="15:01 counts from next day"),
        pytest.param(at(2, 16, 30), 1, "working_hours", at(2, 16, 30), at(3, 8, 0), id="no cut-off for hours"),
        pytest.param(at(2, 10, 0), 0, "immediate", at(2, 10, 0), at(2, 17, 0), id="immediate: end of the day"),
        pytest.param(at(2, 15, 30), 0, "immediate", at(3, 7, 30), at(3, 17, 0), id="immediate after cut-off"),
        pytest.param(at(2, 6, 0), 1, "working_days", at(2, 7, 30), at(2, 17, 0), id="before opening"),
        pytest.param(at(2, 12, 0), 2, "working_hours", at(2, 13, 30), at(2, 15, 30), id="lunch"),
        pytest.param(at(2, 11, 30), 1, "working_hours", at(2, 13, 30), at(2, 14, 30), id="11:30 is lunch"),
        pytest.param(at(6, 18, 0), 1, "working_hours", at(9, 7, 30), at(9, 8, 30), id="Friday evening"),
        pytest.param(at(7, 10, 0), 1, "working_days", at(9, 7, 30), at(9, 17, 0), id="Saturday"),
        pytest.param(at(2, 7, 30), 4, "working_hours", at(2, 7, 30), at(2, 11, 30), id="ends at 11:30, not 13:30"),
        pytest.param(at(2, 7, 30), 1, "working_days", at(2, 7, 30), at(2, 17, 0), id="one day is 07:30-17:00"),
        pytest.param(at(2, 7, 30), 0.5, "working_days", at(2, 7, 30), at(2, 11, 15), id="half a day is 3h45"),
        pytest.param(at(2, 10, 0), 5, "working_days", at(2, 10, 0), at(9, 10, 0), id="a week later, same hour"),
    ],
)
def test_counting_starts_and_ends_where_the_rules_say(start, amount, unit, counted_from, due):
    computed = _calendar().add(start, amount, unit)

    assert (computed.counted_from, computed.instant) == (counted_from, due)


def test_the_cut_off_is_explained_with_the_hour_and_the_day_counting_starts():
    computed = _calendar().add(at(2, 15, 1), 1, "working_days")

    assert computed.explanation[0] == (
        "Tiếp nhận lúc 15:01 thứ Hai 02/03/2026, sau giờ chốt 15:00: thời hạn tính từ ngày làm việc tiếp theo, "
        "07:30 thứ Ba 03/03/2026."
    )


@pytest.mark.parametrize(
    ("start", "first_line"),
    [
        (
            at(2, 12, 0),
            "Tiếp nhận lúc 12:00 thứ Hai 02/03/2026, ngoài giờ làm việc: thời hạn tính từ 13:30 thứ Hai 02/03/2026.",
        ),
        (at(7, 10, 0), "Tiếp nhận lúc 10:00 thứ Bảy 07/03/2026, ngày nghỉ: thời hạn tính từ 07:30 thứ Hai 09/03/2026."),
        (at(2, 9, 0), "Tiếp nhận lúc 09:00 thứ Hai 02/03/2026, trong giờ làm việc: thời hạn tính từ thời điểm này."),
    ],
)
def test_a_start_outside_working_time_says_where_counting_moved(start, first_line):
    computed = _calendar().add(start, 2, "working_hours")

    assert computed.explanation[0] == first_line


def test_a_weekend_start_lists_the_weekend_as_not_counted():
    computed = _calendar().add(at(7, 10, 0), 1, "working_days")

    assert "Không tính 07/03–08/03/2026: nghỉ cuối tuần." in computed.explanation


def test_without_a_cut_off_a_late_afternoon_start_counts_the_same_day():
    computed = _calendar(cutoff=None).add(at(2, 16, 0), 1, "working_days")

    assert computed.instant == at(3, 16, 0)


def test_next_working_instant_moves_lunch_and_evening_forward_and_keeps_working_time():
    calendar = _calendar()

    assert calendar.next_working_instant(at(2, 11, 45)) == at(2, 13, 30)
    assert calendar.next_working_instant(at(2, 17, 0)) == at(3, 7, 30)
    assert calendar.next_working_instant(at(2, 8, 15)) == at(2, 8, 15)


def test_an_instant_in_another_zone_is_read_as_the_same_moment_in_vietnam():
    computed = _calendar().add(datetime(2026, 3, 2, 8, 30, tzinfo=UTC), 1, "working_hours")  # 15:30 in Hà Nội

    assert computed.counted_from == at(2, 15, 30)
    assert computed.instant == at(2, 16, 30)


def test_a_naive_instant_is_refused_rather_than_guessed():
    with pytest.raises(CalendarError) as error:
        _calendar().add(datetime(2026, 3, 2, 9, 0), 1, "working_days")  # noqa: DTZ001

    assert error.value.code == "naive_datetime"


@pytest.mark.parametrize(
    ("amount", "unit", "code"),
    [(-1, "working_days", "bad_amount"), ("abc", "working_days", "bad_amount"), (1, "weeks", "bad_unit")],
)
def test_bad_amounts_and_units_are_refused_with_a_stable_code(amount, unit, code):
    with pytest.raises(CalendarError) as error:
        _calendar().add(at(2, 9, 0), amount, unit)

    assert error.value.code == code


def test_working_periods_that_overlap_are_refused():
    with pytest.raises(CalendarError) as error:
        WorkCalendar(
            working_periods=((time(7, 30), time(12, 0)), (time(11, 0), time(17, 0))),
            weekdays=frozenset(range(5)),
            exceptions={},
            cutoff=None,
            tz=VN,
        )

    assert error.value.code == "bad_working_periods"


def test_a_calendar_without_working_days_fails_instead_of_looping():
    calendar = WorkCalendar(working_periods=PERIODS, weekdays=frozenset(), exceptions={}, cutoff=None, tz=VN)

    with pytest.raises(CalendarError) as error:
        calendar.add(at(2, 9, 0), 1, "working_days")

    assert error.value.code == "no_working_day"
