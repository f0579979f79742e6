"""`lienthong calendar …`: the same engine from the command line, errors as plain Vietnamese sentences."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lienthong.core.models import CalendarException

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue()


def test_add_prints_the_due_instant_and_explains_the_tet_2026_gap():
    output = run("add", "2026-02-13 16:00", "3", "working_days")

    assert output.splitlines() == [
        "Hạn: 2026-02-25T17:00:00+07:00",
        "  - Tiếp nhận lúc 16:00 thứ Sáu 13/02/2026, sau giờ chốt 15:00: thời hạn tính từ ngày làm việc tiếp theo, "
        "07:30 thứ Hai 23/02/2026.",
        "  - Cộng 3 ngày làm việc = 22 giờ 30 phút làm việc (mỗi ngày 7 giờ 30 phút: 07:30–11:30, 13:30–17:00).",
        "  - Không tính 14/02–22/02/2026: Tết Nguyên Đán, nghỉ cuối tuần.",
        "  - Hạn: 17:00 thứ Tư 25/02/2026.",
    ]


@pytest.mark.parametrize(
    ("start", "due"),
    [
        ("2026-02-13T16:00:00+07:00", "Hạn: 2026-02-25T17:00:00+07:00"),
        ("13/02/2026 16:00", "Hạn: 2026-02-25T17:00:00+07:00"),
        ("2026-02-13T09:00:00+00:00", "Hạn: 2026-02-25T17:00:00+07:00"),  # 16:00 in Hà Nội
        ("2026-02-13 10:00", "Hạn: 2026-02-25T10:00:00+07:00"),
    ],
)
def test_add_accepts_iso_8601_and_the_vietnamese_day_month_year_form(start, due):
    assert run("add", start, "3", "working_days").splitlines()[0] == due


def test_between_prints_working_time_in_hours_and_seconds():
    assert run("between", "2026-02-13 10:00", "2026-02-25 10:00") == (
        "Thời gian làm việc: 22 giờ 30 phút (81000 giây).\n"
    )


def test_days_lists_holidays_make_up_saturdays_and_marks_the_administrators_overrides():
    CalendarException.objects.create(date="2026-12-31", kind="day_off", reason="Nghỉ cuối năm của tỉnh")

    lines = run("days", "2026").splitlines()

    assert "thứ Ba 17/02/2026    Ngày nghỉ         Tết Nguyên Đán" in lines
    assert "thứ Bảy 22/08/2026   Ngày làm việc bù  làm việc bù cho ngày nghỉ 31/08/2026" in lines
    assert "thứ Năm 31/12/2026   Ngày nghỉ         Nghỉ cuối năm của tỉnh  [quản trị viên điều chỉnh]" in lines


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "ngày mai", "3", "working_days"), "Không đọc được thời điểm “ngày mai”"),
        (("add", "2026-02-13 16:00", "3", "weeks"), "Đơn vị thời hạn “weeks” không hợp lệ"),
        (("add", "2026-02-13 16:00", "ba", "working_days"), "Thời hạn phải là một số không âm."),
        (("add", "2026-02-13 16:00", "1.5", "calendar_days"), "phải là số nguyên"),
        (("between", "2026-02-13 10:00", "2026-02-30 10:00"), "Không đọc được thời điểm “2026-02-30 10:00”"),
        (("days", "hai nghìn"), "Năm “hai nghìn” không hợp lệ"),
    ],
)
def test_bad_input_is_a_vietnamese_message_not_a_traceback(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
