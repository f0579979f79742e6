"""Real Vietnamese calendars 2018–2026 (domain reference §6): Tết, 30/4–1/5 and 2/9 blocks, and make-up Saturdays.

The expected values are written from the government's schedules as the domain table lists them, not from the
`holidays` package, so a package update that changes a past year fails here.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lienthong.core.calendar_store import work_calendar_current
from lienthong.core.services import calendar_add

VN = ZoneInfo("Asia/Ho_Chi_Minh")

# (holiday, first day off, last day off, a name the explanation must give)
BLOCKS = [
    ("Tết 2018", date(2018, 2, 14), date(2018, 2, 20), "Tết Nguyên Đán"),
    ("Tết 2019", date(2019, 2, 2), date(2019, 2, 10), "Tết Nguyên Đán"),
    ("Tết 2020", date(2020, 1, 23), date(2020, 1, 29), "Tết Nguyên Đán"),
    ("Tết 2021", date(2021, 2, 10), date(2021, 2, 16), "Tết Nguyên Đán"),
    ("Tết 2022", date(2022, 1, 29), date(2022, 2, 6), "Tết Nguyên Đán"),
    ("Tết 2023", date(2023, 1, 20), date(2023, 1, 26), "Tết Nguyên Đán"),
    ("Tết 2024", date(2024, 2, 8), date(2024, 2, 14), "Tết Nguyên Đán"),
    ("Tết 2025", date(2025, 1, 25), date(2025, 2, 2), "Tết Nguyên Đán"),
    ("Tết 2026", date(2026, 2, 14), date(2026, 2, 22), "Tết Nguyên Đán"),
    ("30/4 2018", date(2018, 4, 28), date(2018, 5, 1), "Ngày Chiến thắng"),
    ("30/4 2019", date(2019, 4, 27), date(2019, 5, 1), "Ngày Chiến thắng"),
    ("30/4 2020", date(2020, 4, 30), date(2020, 5, 3), "Ngày Chiến thắng"),
    ("30/4 2021", date(2021, 4, 30), date(2021, 5, 3), "Ngày Chiến thắng"),
    ("30/4 2022", date(2022, 4, 30), date(2022, 5, 3), "Ngày Chiến thắng"),
    ("30/4 2023", date(2023, 4, 29), date(2023, 5, 3), "Ngày Giỗ Tổ Hùng Vương"),
    ("30/4 2024", date(2024, 4, 27), date(2024, 5, 1), "Ngày Chiến thắng"),
    ("30/4 2025", date(2025, 4, 30), date(2025, 5, 4), "Ngày Chiến thắng"),
    ("30/4 2026", date(2026, 4, 30), date(2026, 5, 3), "Ngày Chiến thắng"),
    ("2/9 2018", date(2018, 9, 1), date(2018, 9, 3), "Quốc khánh"),
    ("2/9 2019", date(2019, 8, 31), date(2019, 9, 2), "Quốc khánh"),
    ("2/9 2020", date(2020, 9, 2), date(2020, 9, 2), "Quốc khánh"),
    ("2/9 2021", date(2021, 9, 2), date(2021, 9, 5), "Quốc khánh"),
    ("2/9 2022", date(2022, 9, 1), date(2022, 9, 4), "Quốc khánh"),
    ("2/9 2023", date(2023, 9, 1), date(2023, 9, 4), "Quốc khánh"),
    ("2/9 2024", date(2024, 8, 31), date(2024, 9, 3), "Quốc khánh"),
    ("2/9 2025", date(2025, 8, 30), date(2025, 9, 2), "Quốc khánh"),
    ("2/9 2026", date(2026, 8, 29), date(2026, 9, 2), "Quốc khánh"),
]

# (make-up Saturday, the weekday off it pays for)
MAKE_UP_SATURDAYS = [
    (date(2019, 1, 5), date(2018, 12, 31)),
    (date(2019, 5, 4), date(2019, 4, 29)),
    (date(2024, 5, 4), date(2024, 4, 29)),
    (date(2025, 4, 26), date(2025, 5, 2)),
    (date(2026, 8, 22), date(2026, 8, 31)),
]


def _span(first: date, last: date) -> str:
    return f"{first:%d/%m}–{last:%d/%m/%Y}" if first != last else f"{first:%d/%m/%Y}"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "first", "last", "reason"), BLOCKS, ids=[row[0] for row in BLOCKS])
def test_every_day_of_the_holiday_block_is_off_and_the_days_around_it_are_working_days(name, first, last, reason):
    calendar = work_calendar_current()

    off = [first + timedelta(days=n) for n in range((last - first).days + 1)]

    assert not any(calendar.is_working_day(day) for day in off), name
    assert calendar.is_working_day(first - timedelta(days=1)), name
    assert calendar.is_working_day(last + timedelta(days=1)), name


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "first", "last", "reason"), BLOCKS, ids=[row[0] for row in BLOCKS])
def test_one_working_day_from_the_eve_of_the_block_lands_on_the_morning_after_it(name, first, last, reason):
    # given: a dossier received at 10:00 on the last working day before the holidays
    start = datetime.combine(first - timedelta(days=1), datetime.min.time(), tzinfo=VN).replace(hour=10)

    # when
    computed = calendar_add(start=start, amount=1, unit="working_days")

    # then: the whole block is skipped and named
    assert computed.instant == datetime.combine(last + timedelta(days=1), start.time(), tzinfo=VN)
    skipped = [line for line in computed.explanation if line.startswith("Không tính")]
    assert len(skipped) == 1
    assert _span(first, last) in skipped[0]
    assert reason in skipped[0]


@pytest.mark.django_db
@pytest.mark.parametrize(("saturday", "day_off"), MAKE_UP_SATURDAYS, ids=[str(row[0]) for row in MAKE_UP_SATURDAYS])
def test_a_make_up_saturday_is_a_working_day_and_the_day_it_pays_for_is_off(saturday, day_off):
    calendar = work_calendar_current()

    assert saturday.weekday() == 5
    assert calendar.is_working_day(saturday)
    assert not calendar.is_working_day(day_off)


@pytest.mark.django_db
@pytest.mark.parametrize(("saturday", "day_off"), MAKE_UP_SATURDAYS, ids=[str(row[0]) for row in MAKE_UP_SATURDAYS])
def test_one_working_day_from_the_friday_before_a_make_up_saturday_ends_on_that_saturday(saturday, day_off):
    friday = datetime.combine(saturday - timedelta(days=1), datetime.min.time(), tzinfo=VN).replace(hour=9)

    computed = calendar_add(start=friday, amount=1, unit="working_days")

    assert computed.instant == friday + timedelta(days=1)
    assert f"Tính thứ Bảy {saturday:%d/%m/%Y} là ngày làm việc: làm việc bù cho ngày nghỉ {day_off:%d/%m/%Y}." in (
        computed.explanation
    )


@pytest.mark.django_db
def test_three_working_days_from_friday_13_2_2026_at_16_00_skip_tet_and_end_wednesday_25_2_at_17_00():
    computed = calendar_add(start=datetime(2026, 2, 13, 16, 0, tzinfo=VN), amount=3, unit="working_days")

    assert computed.counted_from == datetime(2026, 2, 23, 7, 30, tzinfo=VN)
    assert computed.instant == datetime(2026, 2, 25, 17, 0, tzinfo=VN)
    assert computed.explanation == (
        "Tiếp nhận lúc 16:00 thứ Sáu 13/02/2026, sau giờ chốt 15:00: thời hạn tính từ ngày làm việc tiếp theo, "
        "07:30 thứ Hai 23/02/2026.",
        "Cộng 3 ngày làm việc = 22 giờ 30 phút làm việc (mỗi ngày 7 giờ 30 phút: 07:30–11:30, 13:30–17:00).",
        "Không tính 14/02–22/02/2026: Tết Nguyên Đán, nghỉ cuối tuần.",
        "Hạn: 17:00 thứ Tư 25/02/2026.",
    )


@pytest.mark.django_db
def test_three_working_days_from_friday_13_2_2026_at_10_00_end_wednesday_25_2_at_10_00():
    computed = calendar_add(start=datetime(2026, 2, 13, 10, 0, tzinfo=VN), amount=3, unit="working_days")

    assert computed.counted_from == datetime(2026, 2, 13, 10, 0, tzinfo=VN)
    assert computed.instant == datetime(2026, 2, 25, 10, 0, tzinfo=VN)


@pytest.mark.django_db
def test_sixty_working_days_from_late_december_run_into_the_next_years_tet():
    # Counted by hand from Monday 29/12/2025: 30/12, 31/12, 2/1 are days 1–3 (1/1 is off); the weeks of 5/1 to
    # 9/2 bring day 33; 16/2–20/2 is Tết; the weeks of 23/2 to 23/3 bring day 58; Mon 30/3 and Tue 31/3 are 59, 60.
    computed = calendar_add(start=datetime(2025, 12, 29, 10, 0, tzinfo=VN), amount=60, unit="working_days")

    assert computed.instant == datetime(2026, 3, 31, 10, 0, tzinfo=VN)
    assert any("Tết Dương lịch" in line for line in computed.explanation)
    assert any("Tết Nguyên Đán" in line for line in computed.explanation)
