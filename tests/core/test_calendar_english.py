"""The deadline explanation in English: numbers take the language's decimal separator, weekdays their English name.

A plain Monday–Friday calendar with no holidays; Monday 2/3/2026 is the first day.
"""

from datetime import datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from lienthong.core.calendar import WorkCalendar, format_number

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PERIODS = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
MONDAY_0730 = datetime(2026, 3, 2, 7, 30, tzinfo=VN)
CALENDAR = WorkCalendar(working_periods=PERIODS, weekdays=frozenset(range(5)), exceptions={}, cutoff=time(15), tz=VN)


@pytest.mark.parametrize(
    ("language", "amount", "expected"),
    [
        ("vi", "0.5", "0,5"),
        ("en", "0.5", "0.5"),
        ("vi", "2.50", "2,5"),
        ("en", "2.50", "2.5"),
        ("en", "10", "10"),  # normalised, yet not "1E+1"
        ("vi", "3650", "3650"),
    ],
)
def test_a_number_takes_the_decimal_separator_of_the_active_language(language, amount, expected):
    with translation.override(language):
        assert format_number(Decimal(amount)) == expected


def test_half_a_working_day_is_explained_with_a_decimal_point_in_english():
    with translation.override("en"):
        computed = CALENDAR.add(MONDAY_0730, "0.5", "working_days")

    assert computed.explanation[1].startswith("Add 0.5 working days = 3 h 45 min of working time")
    assert computed.explanation[-1] == "Due: 11:15 Monday 02/03/2026."


def test_half_a_working_day_keeps_the_decimal_comma_in_vietnamese():
    with translation.override("vi"):
        computed = CALENDAR.add(MONDAY_0730, "0.5", "working_days")

    assert computed.explanation[1].startswith("Cộng 0,5 ngày làm việc = 3 giờ 45 phút làm việc")
    assert computed.explanation[-1] == "Hạn: 11:15 thứ Hai 02/03/2026."


@pytest.mark.django_db
def test_an_api_problem_is_titled_in_the_language_asked_for(client):
    response = client.get("/api/v1/calendar/days", {"year": "2026", "yaer": "2026"}, headers={"accept-language": "en"})

    assert response.status_code == 422
    assert response.json()["title"] == "Invalid data"
    assert response.json()["detail"] == "Unsupported parameter: yaer."
