"""`lienthong catalogue export FILE.xlsx` and `lienthong catalogue import FILE.xlsx [--dry-run]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lienthong.catalogue.services import CatalogueImportError, catalogue_export_data
from lienthong.catalogue.xlsx import catalogue_import_xlsx, catalogue_to_xlsx


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a str, not gettext_lazy: argparse cannot format a lazy description
        return _("Xuất hoặc nhập danh mục thủ tục hành chính dạng Excel (.xlsx).")

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help=_("Xuất toàn bộ danh mục ra tệp .xlsx."))
        export.add_argument("file", type=Path)
        load = actions.add_parser("import", help=_("Nhập danh mục từ tệp .xlsx; có lỗi thì không nhập gì."))
        load.add_argument("file", type=Path)
        load.add_argument("--dry-run", action="store_true", help=_("Chỉ kiểm tra và báo cáo, không ghi vào CSDL."))

    def handle(self, *args, action: str, file: Path, dry_run: bool = False, **options) -> None:
        if action == "export":
            self._export(file)
        else:
            self._import(file, dry_run=dry_run)

    def _export(self, file: Path) -> None:
        data = catalogue_export_data()
        file.write_bytes(catalogue_to_xlsx(data))
        codes = {row["national_code"] for row in data["procedures"]}
        self.stdout.write(
            _("Đã xuất %(procedures)d thủ tục (%(versions)d phiên bản), %(fields)d lĩnh vực ra %(file)s.")
            % {
                "procedures": len(codes),
                "versions": len(data["procedures"]),
                "fields": len(data["fields"]),
                "file": file,
            }
        )

    def _import(self, file: Path, *, dry_run: bool) -> None:
        if not file.is_file():
            raise CommandError(_("Không tìm thấy tệp %(file)s.") % {"file": file})
        try:
            with transaction.atomic():
                report = catalogue_import_xlsx(stream=file.read_bytes())
                transaction.set_rollback(dry_run)
        except CatalogueImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            count = len(exc.errors)
            raise CommandError(
                ngettext("Có %(count)d lỗi; không nhập gì.", "Có %(count)d lỗi; không nhập gì.", count)
                % {"count": count}
            ) from None
        for line in report.summary():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(_("Chạy thử: dữ liệu hợp lệ, chưa ghi gì vào CSDL."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Đã nhập danh mục từ %(file)s.") % {"file": file}))
