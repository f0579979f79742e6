"""`lienthong reports_import_official FILE --period 2026-11 [--version qd766-2026-v1]`: store the national
dashboard's published Decision 766 scores of a period (the ranked table as .xlsx or .json, or the evaluation API's
responses as .json), replacing a previous file's for that period; then say how many units match ours."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lienthong.reports.index766 import Period
from lienthong.reports.kpi766 import CURRENT_VERSION, Kpi766Error
from lienthong.reports.official import MAX_BYTES, OfficialScoresError
from lienthong.reports.official_store import official_beside_ours, official_import


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a str, not gettext_lazy: argparse cannot format a lazy description
        return _("Nhập điểm Bộ chỉ số 766 do Cổng Dịch vụ công quốc gia công bố cho một kỳ, để so với điểm của tỉnh.")

    def create_parser(self, prog_name: str, subcommand: str, **kwargs) -> CommandParser:
        # `--version` names the formula version here, not the program's: ours replaces Django's built-in one.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("Tệp .xlsx hoặc .json."))
        parser.add_argument("--period", required=True, help=_("Kỳ: 2026-11 (tháng), 2026-Q3, 2026-H2 hoặc 2026."))
        parser.add_argument(
            "--version", dest="formula", default=CURRENT_VERSION, help=_("Phiên bản công thức (mặc định: hiện hành).")
        )

    def handle(self, *args, file: str, period: str, formula: str, **options) -> None:
        try:
            chosen = Period.parse(period)
        except ValueError:
            raise CommandError(
                _("Kỳ “%(period)s” không hợp lệ: ghi 2026-11, 2026-Q3, 2026-H2 hoặc 2026.") % {"period": period[:20]}
            ) from None
        path = Path(file)
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise CommandError(_("Không có tệp %(file)s.") % {"file": file}) from None
        except OSError as error:
            raise CommandError(
                _("Không mở được tệp %(file)s (%(error)s).") % {"file": file, "error": error.strerror}
            ) from None
        try:
            imported = official_import(source=data, filename=path.name, period=chosen, version=formula)
        except Kpi766Error:
            raise CommandError(_("Không có phiên bản công thức %(version)s.") % {"version": formula}) from None
        except OfficialScoresError as error:
            raise CommandError(str(error)) from None
        beside = official_beside_ours(period=chosen, version=formula)
        self.stdout.write(
            _("Đã nhập điểm công bố kỳ %(period)s của %(rows)d đơn vị từ %(file)s.")
            % {"period": chosen.key, "rows": imported.rows, "file": path.name}
        )
        self.stdout.write(
            _("Khớp mã với đơn vị của tỉnh: %(matched)d; chỉ có trong tệp: %(theirs)d; chỉ có ở tỉnh: %(ours)d.")
            % {"matched": len(beside.units), "theirs": len(beside.only_theirs), "ours": len(beside.only_ours)}
        )
