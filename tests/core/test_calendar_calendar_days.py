"""Periods in calendar days: the first day is not counted (Civil Code 2015 art. 147(2)); a last day that is off
moves the end to the end of the next working day (art. 148(5))."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from lienthong.core.calendar import CalendarError
from lienthong.core.services import calendar_add

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        pytest.param(at(2026, 3, 2, 9), 1, at(2026, 3, 3, 17), id="first day not counted"),
        pytest.param(at(2026, 3, 2, 16), 1, at(2026, 3, 3, 17), id="no 15:00 cut-off for calendar days"),
        pytest.param(at(2026, 3, 2, 9), 5, at(2026, 3, 9, 17), id="ends on Saturday, moves to Monday"),
        pytest.param(at(2026, 2, 13, 10), 10, at(2026, 2, 23, 17), id="Tết days are counted, day 10 is Monday"),
        pytest.param(at(2026, 2, 13, 10), 5, at(2026, 2, 23, 17), id="ends inside Tết, moves past it"),
        pytest.param(at(2026, 3, 2, 18), 1, at(2026, 3, 4, 17), id="after hours counts as received next morning"),
        pytest.param(at(2026, 3, 2, 9), 0, at(2026, 3, 2, 17), id="zero days: end of the same day"),
    ],
)
def test_calendar_day_periods_end_at_the_end_of_a_working_day(start, days, due):
    assert calendar_add(start=start, amount=days, unit="calendar_days").instant == due


@pytest.mark.django_db
def test_an_end_that_falls_in_tet_is_explained_with_the_civil_code_articles():
    computed = calendar_add(start=at(2026, 2, 13, 10), amount=5, unit="calendar_days")

    assert computed.explanation[1:] == (
        "Cộng 5 ngày theo lịch, không tính ngày đầu thứ Sáu 13/02/2026 (Bộ luật Dân sự 2015, Điều 147): "
        "ngày cuối là thứ Tư 18/02/2026.",
        "thứ Tư 18/02/2026 là ngày nghỉ (Tết Nguyên Đán): thời hạn kết thúc vào cuối ngày làm việc tiếp theo, "
        "thứ Hai 23/02/2026 (Bộ luật Dân sự 2015, Điều 148 khoản 5).",
        "Hạn: 17:00 thứ Hai 23/02/2026.",
    )


@pytest.mark.django_db
def test_a_fraction_of_a_calendar_day_is_refused():
    with pytest.raises(CalendarError) as error:
        calendar_add(start=at(2026, 3, 2, 9), amount=1.5, unit="calendar_days")

    assert error.value.code == "bad_amount"
