"""`lienthong reports_snapshot [--period 2026-11] [--version qd766-2026-v1]`: freeze a finished period's Decision
766 scores of every unit (by default last month, under the current formula version); a period frozen already under
that version is left as it is, and said so."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.reports.index766 import Period
from lienthong.reports.kpi766 import CURRENT_VERSION
from lienthong.reports.snapshots import SnapshotError, snapshot_take


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a str, not gettext_lazy: argparse cannot format a lazy description
        return _("Chốt điểm Bộ chỉ số 766 của mọi đơn vị cho một kỳ đã qua (mặc định: tháng trước).")

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        # `--version` names the formula version here, not the program's: ours replaces Django's built-in one.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period", default="", help=_("Kỳ: 2026-11 (tháng), 2026-Q3 (quý), 2026-H2 (6 tháng) hoặc 2026 (năm).")
        )
        parser.add_argument(
            "--version", dest="formula", default=CURRENT_VERSION, help=_("Phiên bản công thức (mặc định: hiện hành).")
        )

    def handle(self, *args, period: str, formula: str, **options) -> None:
        now = timezone.now()
        try:
            chosen = Period.parse(period) if period else Period.containing("month", now).previous()
        except ValueError:
            raise CommandError(
                _("Kỳ “%(period)s” không hợp lệ: ghi 2026-11, 2026-Q3, 2026-H2 hoặc 2026.") % {"period": period[:20]}
            ) from None
        try:
            report = snapshot_take(period=chosen, version=formula, now=now)
        except SnapshotError as error:
            raise CommandError(error.message) from None
        self.stdout.write(report.line())
