"""`lienthong backup ARCHIVE`: the database (pg_dump) and every stored file in one archive with a manifest
(ops/backup.py, docs/deployment.md *Backup and restore*)."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lienthong.ops.backup import BackupError, backup_write

MEGABYTE = 1024 * 1024


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a str, not gettext_lazy: argparse cannot format a lazy description
        return _("Sao lưu cơ sở dữ liệu và mọi tệp đã lưu vào một tệp lưu trữ có bản kê (mã kiểm tra, phiên bản).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, metavar=_("TỆP"), help=_("Tệp sao lưu sẽ tạo (chưa có)."))

    def handle(self, *args, archive: Path, **options) -> None:
        try:
            manifest = backup_write(archive, storage=default_storage)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã sao lưu cơ sở dữ liệu (%(database).1f MB) và %(count)d tệp (%(bytes).1f MB) vào %(path)s.")
                % {
                    "database": manifest["database"]["bytes"] / MEGABYTE,
                    "count": manifest["files"]["count"],
                    "bytes": manifest["files"]["bytes"] / MEGABYTE,
                    "path": archive,
                }
            )
        )
