"""`lienthong reports_figures [--period 2026-11]`: count the Decision 766 figures of the dashboard's periods now
and store them (`reports.figure_store`) — what the worker does every hour and after changes; useful after a
rebuild, or to see how long a count takes. Without `--period`: every period of the dashboard's menu."""

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.reports.figure_store import figures_count, menu_periods
from lienthong.reports.index766 import Period
from lienthong.reports.units import AgencyTree


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a str, not gettext_lazy: argparse cannot format a lazy description
        return _("Tính lại và lưu số liệu Bộ chỉ số 766 của các kỳ trên bảng điều hành (mặc định: mọi kỳ).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period", default="", help=_("Kỳ: 2026-11 (tháng), 2026-Q3 (quý), 2026-H2 (6 tháng) hoặc 2026 (năm).")
        )

    def handle(self, *args, period: str, **options) -> None:
        now = timezone.now()
        try:
            periods = [Period.parse(period)] if period else menu_periods(now)
        except ValueError:
            raise CommandError(
                _("Kỳ “%(period)s” không hợp lệ: ghi 2026-11, 2026-Q3, 2026-H2 hoặc 2026.") % {"period": period[:20]}
            ) from None
        tree = AgencyTree()
        for each in periods:
            started = time.perf_counter()
            figures_count(period=each, now=now, tree=tree)
            seconds = time.perf_counter() - started
            values = {"period": each.key, "seconds": seconds}
            self.stdout.write(_("Kỳ %(period)s: đã tính trong %(seconds).2f giây.") % values)
