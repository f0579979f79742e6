"""Working time between two instants, and the clock that stops while the applicant supplements the dossier."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lienthong.core.calendar import CalendarError, Pause
from lienthong.core.services import calendar_read_clock, calendar_working_time_between

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db
HOURS = timedelta(hours=1)
DAY = 7.5 * HOURS


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(at(2026, 2, 13, 10), at(2026, 2, 25, 10), 3 * DAY, id="across Tết 2026"),
        pytest.param(at(2026, 3, 2, 11, 30), at(2026, 3, 2, 13, 30), timedelta(0), id="lunch only"),
        pytest.param(at(2026, 3, 2, 11), at(2026, 3, 2, 14), 1.0 * HOURS, id="half before, half after lunch"),
        pytest.param(at(2026, 3, 6, 17), at(2026, 3, 9, 7, 30), timedelta(0), id="a weekend"),
        pytest.param(at(2026, 8, 21, 10), at(2026, 8, 24, 10), 2 * DAY, id="make-up Saturday 22/8/2026 counts"),
        pytest.param(at(2026, 3, 3, 10), at(2026, 3, 2, 10), -DAY, id="backwards is negative"),
    ],
)
def test_working_time_between_two_instants(start, end, expected):
    assert calendar_working_time_between(start=start, end=end) == expected


def test_a_closed_pause_is_not_consumed_and_pushes_the_due_instant_back_by_its_working_time():
    # given: received Monday 2/3/2026 07:30, due in 5 working days (Friday 17:00); paused all of Tuesday
    reading = calendar_read_clock(
        started=at(2026, 3, 2, 7, 30),
        due=at(2026, 3, 6, 17),
        pauses=[Pause(at(2026, 3, 3, 7, 30), at(2026, 3, 4, 7, 30))],
        at=at(2026, 3, 5, 7, 30),
    )

    assert reading.suspended == DAY
    assert reading.consumed == 2 * DAY
    assert reading.due == at(2026, 3, 9, 17)
    assert reading.remaining == 3 * DAY
    assert not reading.paused
    assert reading.explanation[-1] == (
        "Không tính 7 giờ 30 phút làm việc khi tạm dừng: hạn lùi từ 17:00 thứ Sáu 06/03/2026 "
        "đến 17:00 thứ Hai 09/03/2026."
    )


def test_while_paused_the_remaining_time_stands_still():
    pause = Pause(at(2026, 3, 4, 10))
    common = {"started": at(2026, 3, 2, 7, 30), "due": at(2026, 3, 6, 17), "pauses": [pause]}

    on_wednesday = calendar_read_clock(**common, at=at(2026, 3, 4, 16))
    on_friday = calendar_read_clock(**common, at=at(2026, 3, 6, 10))

    assert on_wednesday.paused and on_friday.paused
    assert on_wednesday.remaining == on_friday.remaining == 2 * DAY + 5 * HOURS
    assert on_friday.consumed == on_wednesday.consumed == 2 * DAY + 2.5 * HOURS
    # 15 working hours suspended (Wed 10:00–17:00, Thursday, Fri 07:30–10:00): Friday 17:00 becomes Tuesday 17:00
    assert on_friday.due == at(2026, 3, 10, 17)


def test_overlapping_pauses_count_once():
    reading = calendar_read_clock(
        started=at(2026, 3, 2, 7, 30),
        due=at(2026, 3, 6, 17),
        pauses=[Pause(at(2026, 3, 3, 8), at(2026, 3, 3, 10)), Pause(at(2026, 3, 3, 9), at(2026, 3, 3, 11))],
        at=at(2026, 3, 4, 7, 30),
    )

    assert reading.suspended == 3 * HOURS


def test_a_pause_over_tet_costs_no_working_time_and_leaves_the_due_instant():
    reading = calendar_read_clock(
        started=at(2026, 2, 12, 8),
        due=at(2026, 2, 25, 17),
        pauses=[Pause(at(2026, 2, 13, 17), at(2026, 2, 23, 7, 30))],
        at=at(2026, 2, 24, 8),
    )

    assert reading.suspended == timedelta(0)
    assert reading.due == at(2026, 2, 25, 17)


def test_a_pause_that_ends_before_it_starts_is_refused():
    with pytest.raises(CalendarError) as error:
        calendar_read_clock(
            started=at(2026, 3, 2, 8),
            due=at(2026, 3, 6, 17),
            pauses=[Pause(at(2026, 3, 3, 10), at(2026, 3, 3, 9))],
            at=at(2026, 3, 4, 8),
        )

    assert error.value.code == "bad_pause"
