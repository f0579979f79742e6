"""`lienthong reports_rebuild [--check]`: recompute the reporting read model from the dossiers' history, or (with
--check) prove the live one equal to it — exit status 1 and the differences when it is not."""

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from lienthong.core.progress import Progress, format_count
from lienthong.reports.rebuild import reports_rebuild


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a str, not gettext_lazy: argparse cannot format a lazy description
        return _(
            "Dựng lại dữ liệu báo cáo từ nhật ký hồ sơ, phản ánh, kiến nghị và đánh giá, hoặc kiểm tra dữ liệu đang "
            "dùng có khớp không."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help=_("Chỉ so sánh, không ghi; lệch thì thoát mã 1."))

    def handle(self, *args, check: bool, **options) -> None:
        report = reports_rebuild(check=check, progress=Progress(self.stdout))
        counts = {
            "count": format_count(report.dossiers),
            "complaints": format_count(report.complaints),
            "ratings": format_count(report.ratings),
        }
        if not check:
            self.stdout.write(
                _("Đã dựng lại dữ liệu báo cáo của %(count)s hồ sơ, %(complaints)s phản ánh, kiến nghị và "
                  "%(ratings)s đánh giá.") % counts
            )  # fmt: skip
            return
        if report.equal:
            self.stdout.write(
                _("Dữ liệu báo cáo khớp với nhật ký của %(count)s hồ sơ, %(complaints)s phản ánh, kiến nghị và "
                  "%(ratings)s đánh giá.") % counts
            )  # fmt: skip
            return
        self.stderr.write(
            _("Dữ liệu báo cáo lệch: %(facts)s dữ kiện hồ sơ, %(figures)s số liệu theo ngày, %(complaints)s dữ kiện "
              "phản ánh, kiến nghị, %(ratings)s dữ kiện đánh giá.")
            % {"facts": report.facts_differing, "figures": report.figures_differing,
               "complaints": report.complaint_facts_differing, "ratings": report.rating_facts_differing}
        )  # fmt: skip
        for line in report.samples:
            self.stderr.write(f"  {line}")
        raise SystemExit(1)
