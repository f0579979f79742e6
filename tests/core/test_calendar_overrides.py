"""The administrator's overrides and rules change the answer: at once in the process that saves them, within
LIENTHONG_CALENDAR_RECHECK_SECONDS in any other (or after a queryset update, which sends no signal)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lienthong.core import calendar_store
from lienthong.core.calendar import CalendarError
from lienthong.core.calendar_store import calendar_days_of_year, work_calendar_current
from lienthong.core.models import CalendarException, Rule
from lienthong.core.services import calendar_add

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def due(start: datetime, amount: int = 1) -> datetime:
    return calendar_add(start=start, amount=amount, unit="working_days").instant


def test_an_extra_day_off_pushes_the_deadline_and_is_named_in_the_explanation():
    assert due(at(2026, 3, 2, 10)) == at(2026, 3, 3, 10)

    CalendarException.objects.create(date=date(2026, 3, 3), kind="day_off", reason="Nghỉ phòng chống bão số 3")
    computed = calendar_add(start=at(2026, 3, 2, 10), amount=1, unit="working_days")

    assert computed.instant == at(2026, 3, 4, 10)
    assert "Không tính thứ Ba 03/03/2026: Nghỉ phòng chống bão số 3." in computed.explanation


def test_removing_the_override_restores_the_working_day():
    override = CalendarException.objects.create(date=date(2026, 3, 3), kind="day_off", reason="Bão")
    assert due(at(2026, 3, 2, 10)) == at(2026, 3, 4, 10)

    override.delete()

    assert due(at(2026, 3, 2, 10)) == at(2026, 3, 3, 10)


def test_changing_an_overrides_kind_in_place_is_seen():
    override = CalendarException.objects.create(date=date(2026, 3, 7), kind="day_off", reason="Làm bù")
    assert due(at(2026, 3, 6, 10)) == at(2026, 3, 9, 10)

    override.kind = "working_day"
    override.save()

    assert due(at(2026, 3, 6, 10)) == at(2026, 3, 7, 10)


def test_a_change_no_signal_reports_is_seen_once_the_recheck_interval_has_passed(settings, monkeypatch):
    # as an edit made in another process, or a queryset update(), would be
    settings.LIENTHONG_CALENDAR_RECHECK_SECONDS = 5
    clock = [1000.0]
    monkeypatch.setattr(calendar_store, "_clock", lambda: clock[0])
    assert due(at(2026, 3, 2, 10)) == at(2026, 3, 3, 10)

    CalendarException.objects.bulk_create([CalendarException(date=date(2026, 3, 3), kind="day_off", reason="Bão")])
    clock[0] += 4.9
    assert due(at(2026, 3, 2, 10)) == at(2026, 3, 3, 10)  # still the calendar read 4.9 s ago

    clock[0] += 0.2
    assert due(at(2026, 3, 2, 10)) == at(2026, 3, 4, 10)

    CalendarException.objects.all().delete()  # a queryset delete does send post_delete: seen at once
    assert due(at(2026, 3, 2, 10)) == at(2026, 3, 3, 10)


def test_with_no_recheck_interval_every_call_reads_the_calendar_again(settings, django_assert_num_queries):
    settings.LIENTHONG_CALENDAR_RECHECK_SECONDS = 0
    override = CalendarException.objects.create(date=date(2026, 3, 7), kind="day_off", reason="Làm bù")
    assert due(at(2026, 3, 6, 10)) == at(2026, 3, 9, 10)

    CalendarException.objects.filter(pk=override.pk).update(kind="working_day")

    with django_assert_num_queries(1):  # the four rules and the overrides, in one UNION ALL
        assert due(at(2026, 3, 6, 10)) == at(2026, 3, 7, 10)


def test_a_make_up_saturday_set_by_the_administrator_counts_as_a_working_day():
    CalendarException.objects.create(date=date(2026, 3, 7), kind="working_day", reason="Làm bù theo Công văn 1/UBND")

    computed = calendar_add(start=at(2026, 3, 6, 10), amount=1, unit="working_days")

    assert computed.instant == at(2026, 3, 7, 10)
    assert "Tính thứ Bảy 07/03/2026 là ngày làm việc: Làm bù theo Công văn 1/UBND." in computed.explanation


def test_an_override_wins_over_a_package_holiday():
    # Vietnam Cultural Day 24/11/2026 is in the package; a province not yet applying it overrides it.
    assert due(at(2026, 11, 23, 10)) == at(2026, 11, 25, 10)

    CalendarException.objects.create(date=date(2026, 11, 24), kind="working_day", reason="Chưa áp dụng")

    assert due(at(2026, 11, 23, 10)) == at(2026, 11, 24, 10)
    entry = next(e for e in calendar_days_of_year(2026) if e.date == date(2026, 11, 24))
    assert (entry.kind, entry.reason, entry.source) == ("working_day", "Chưa áp dụng", "override")


def test_turning_the_holiday_package_off_leaves_only_the_overrides():
    Rule.objects.create(key="calendar.use_holiday_package", value=False)

    assert due(at(2026, 2, 13, 10)) == at(2026, 2, 16, 10)
    assert calendar_days_of_year(2026) == []


def test_a_later_cut_off_set_by_rule_keeps_a_15_30_receipt_on_the_same_day():
    assert calendar_add(start=at(2026, 3, 2, 15, 30), amount=0, unit="immediate").instant == at(2026, 3, 3, 17)

    Rule.objects.create(key="calendar.cutoff", value="16:00")

    assert calendar_add(start=at(2026, 3, 2, 15, 30), amount=0, unit="immediate").instant == at(2026, 3, 2, 17)


def test_working_periods_set_by_rule_change_the_length_of_a_working_day():
    Rule.objects.create(key="calendar.working_periods", value=[["07:00", "11:30"], ["13:30", "17:00"]])

    computed = calendar_add(start=at(2026, 3, 2, 7), amount=2, unit="working_days")

    assert computed.instant == at(2026, 3, 3, 17)
    assert work_calendar_current().day_length.total_seconds() == 8 * 3600


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("calendar.working_periods", [["7h30", "11:30"]]),
        ("calendar.working_periods", "07:30-17:00"),
        ("calendar.working_weekdays", [0, 1, 9]),
        ("calendar.cutoff", 15),
    ],
)
def test_a_malformed_rule_is_reported_by_its_key(key, value):
    Rule.objects.create(key=key, value=value)

    with pytest.raises(CalendarError) as error:
        work_calendar_current()

    assert error.value.code == "bad_rule"
    assert key in str(error.value)


def test_the_calendar_costs_no_query_and_is_reused_while_nothing_changes(django_assert_num_queries):
    first = work_calendar_current()

    with django_assert_num_queries(0):  # read again only after LIENTHONG_CALENDAR_RECHECK_SECONDS
        second = work_calendar_current()

    assert second is first


def test_a_holiday_added_in_the_admin_replaces_the_calendar_in_use(client):
    client.force_login(get_user_model().objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-dai-123"))
    before = work_calendar_current()
    assert before is work_calendar_current()  # cached while nothing changes

    response = client.post(
        reverse("admin:core_calendarexception_add"),
        {"date": "2026-03-03", "kind": "day_off", "reason": "Nghỉ phòng chống bão số 3"},
    )

    assert response.status_code == 302
    after = work_calendar_current()
    assert after is not before
    assert due(at(2026, 3, 2, 10)) == at(2026, 3, 4, 10)

    # and deleting it in the admin brings the cached calendar of before back into use
    override = CalendarException.objects.get()
    response = client.post(reverse("admin:core_calendarexception_delete", args=[override.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert work_calendar_current() is before
    assert due(at(2026, 3, 2, 10)) == at(2026, 3, 3, 10)
