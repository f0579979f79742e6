"""How the forms write instants, dates, places and time limits, the way a one-stop desk writes them.

The forms are Vietnamese documents by law (Circular 01/2018 art. 10), whatever language the officer's screen uses,
so their words are plain Vietnamese here and in the templates, not gettext: a province rewords them in its own
template (DocumentTemplate), not in a translation catalogue.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from lienthong.core.calendar import TimeUnit
from lienthong.dossiers.urgency import finished_on_time
from lienthong.org.models import Agency

WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
# An administrative unit's name starts with its kind; the place line of a document names the place alone
# ("Trấn Biên, ngày …", Decree 30/2020 annex I). Longest first, so "Thành phố" wins over a shorter prefix.
UNIT_PREFIXES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")
TIME_UNITS = {
    TimeUnit.WORKING_DAYS: "ngày làm việc",
    TimeUnit.WORKING_HOURS: "giờ làm việc",
    TimeUnit.CALENDAR_DAYS: "ngày",
}
EARLY, ON_TIME, LATE = "Trước hạn", "Đúng hạn", "Quá hạn"


def local(instant: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(instant) if instant else None


def appointment_text(instant: dt.datetime | None) -> str:
    """ "17 giờ 00 phút, thứ Tư, ngày 25/02/2026", as Mẫu 01 writes the appointment."""
    if instant is None:
        return ""
    moment = timezone.localtime(instant)
    return f"{moment:%H} giờ {moment:%M} phút, {WEEKDAYS[moment.weekday()]}, ngày {moment:%d/%m/%Y}"


def short_instant(instant: dt.datetime | None) -> str:
    """ "17:00 25/02/2026", for the narrow columns of the control slip and the ledger."""
    return f"{timezone.localtime(instant):%H:%M %d/%m/%Y}" if instant else ""


def date_line(day: dt.date) -> str:
    """ "ngày 13 tháng 02 năm 2026", the date of a document's place-and-date line."""
    return f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def place_name(agency: Agency) -> str:
    """The place of the place-and-date line: the agency's administrative unit without its kind."""
    name = agency.unit.name.strip()
    for prefix in UNIT_PREFIXES:
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1 :].strip()
    return name


def time_limit_text(value: Decimal | None, unit: str) -> str:
    """ "3 ngày làm việc"; "Giải quyết ngay" for a procedure done on the spot."""
    if unit == TimeUnit.IMMEDIATE or value is None:
        return "Giải quyết ngay trong ngày"
    number = format(value.normalize(), "f").replace(".", ",")
    return f"{number} {TIME_UNITS.get(unit, unit)}"


def verdict(*, finished_at: dt.datetime | None, due_at: dt.datetime | None) -> str:
    """Early, on time or late as the forms say it: early is a day or more before the due date."""
    if finished_at is None or due_at is None:
        return ""
    if timezone.localtime(finished_at).date() < timezone.localtime(due_at).date():
        return EARLY
    return ON_TIME if finished_on_time(finished_at=finished_at, due_at=due_at) else LATE


def person(user) -> str:
    """An officer as the form names them: full name, else the login name."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
