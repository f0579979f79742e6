"""`lienthong calendar`: the deadline engine from the command line.

lienthong calendar add "2026-02-13 16:00" 3 working_days
lienthong calendar between "2026-02-13 10:00" "2026-02-25 10:00"
lienthong calendar days 2026
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lienthong.core.calendar import FIRST_YEAR, LAST_YEAR, CalendarError, TimeUnit, format_day, format_duration
from lienthong.core.calendar_store import SOURCE_OVERRIDE
from lienthong.core.models import CalendarException
from lienthong.core.services import (
    calendar_add,
    calendar_parse_instant,
    calendar_working_time_between,
    calendar_year_days,
)

INSTANT_HELP = gettext_noop(
    "Thời điểm, ví dụ “2026-02-13 16:00”, “13/02/2026 16:00” hoặc ISO 8601; không ghi múi giờ là giờ Việt Nam."
)


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a str, not gettext_lazy: argparse cannot format a lazy description
        return _(
            "Lịch làm việc: tính hạn, thời gian làm việc giữa hai thời điểm, ngày nghỉ và ngày làm bù của một năm."
        )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{add,between,days}")
        add = actions.add_parser("add", help=_("Cộng thời hạn vào một thời điểm và giải thích cách tính."))
        add.add_argument("start", help=_(INSTANT_HELP))
        add.add_argument("amount", help=_("Số lượng, ví dụ 3 hoặc 0.5."))
        add.add_argument("unit", help=_("Đơn vị: %(units)s.") % {"units": ", ".join(TimeUnit)})
        between = actions.add_parser("between", help=_("Thời gian làm việc giữa hai thời điểm."))
        between.add_argument("start", help=_(INSTANT_HELP))
        between.add_argument("end", help=_(INSTANT_HELP))
        days = actions.add_parser("days", help=_("Ngày nghỉ lễ và ngày làm việc bù của một năm."))
        days.add_argument("year", help=_("Năm, ví dụ 2026."))

    def handle(self, *args, action: str, **options):
        try:
            lines = getattr(self, f"_{action}")(**options)
        except CalendarError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:  # a fresh machine: say what to do rather than print a traceback
            raise CommandError(
                _("Chưa đọc được lịch từ cơ sở dữ liệu (%(error)s): chạy “lienthong migrate” trước.") % {"error": exc}
            ) from exc
        self.stdout.write("\n".join(lines))

    def _add(self, *, start: str, amount: str, unit: str, **_options) -> list[str]:
        computed = calendar_add(start=calendar_parse_instant(start), amount=amount, unit=unit)
        header = _("Hạn: %(due)s") % {"due": computed.instant.isoformat()}
        return [header, *(f"  - {line}" for line in computed.explanation)]

    def _between(self, *, start: str, end: str, **_options) -> list[str]:
        work = calendar_working_time_between(start=calendar_parse_instant(start), end=calendar_parse_instant(end))
        seconds = int(work.total_seconds())
        sign = "-" if seconds < 0 else ""
        return [
            _("Thời gian làm việc: %(work)s (%(seconds)d giây).")
            % {
                "work": sign + format_duration(abs(work)),
                "seconds": seconds,
            }
        ]

    def _days(self, *, year: str, **_options) -> list[str]:
        if not year.isdigit() or not FIRST_YEAR <= int(year) <= LAST_YEAR:
            raise CommandError(
                _("Năm “%(year)s” không hợp lệ: nhập một năm từ %(first)d đến %(last)d.")
                % {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR}
            )
        entries = calendar_year_days(year=int(year))
        if not entries:
            return [_("Năm %(year)s không có ngày nghỉ lễ hay ngày làm bù nào.") % {"year": year}]
        override = _("quản trị viên điều chỉnh")
        return [
            f"{format_day(entry.date):<20} {CalendarException.Kind(entry.kind).label:<17} {entry.reason}"
            + (f"  [{override}]" if entry.source == SOURCE_OVERRIDE else "")
            for entry in entries
        ]
