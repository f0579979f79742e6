"""`lienthong restore ARCHIVE`: a backup checked against its manifest, then restored into this deployment's empty
database and empty store; `--check` only checks it (ops/backup.py, docs/deployment.md *Backup and restore*)."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lienthong.ops.backup import Archive, BackupError, restore_read


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a str, not gettext_lazy: argparse cannot format a lazy description
        return _("Phục hồi một bản sao lưu vào cơ sở dữ liệu và kho tệp mới, trống của cấu hình này.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, metavar=_("TỆP"), help=_("Tệp sao lưu do `lienthong backup` tạo."))
        parser.add_argument(
            "--check", action="store_true", help=_("Chỉ kiểm tra bản sao lưu với bản kê, không phục hồi.")
        )

    def handle(self, *args, archive: Path, check: bool, **options) -> None:
        try:
            if check:
                with Archive(archive) as opened:
                    opened.check()
                    manifest = opened.manifest
            else:
                manifest = restore_read(archive, storage=default_storage)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        done = _("Bản sao lưu nguyên vẹn") if check else _("Đã phục hồi")
        self.stdout.write(
            self.style.SUCCESS(
                _("%(done)s: cơ sở dữ liệu và %(count)d tệp, tạo lúc %(created)s bởi Liên Thông %(version)s.")
                % {
                    "done": done,
                    "count": manifest["files"]["count"],
                    "created": manifest["created_at"],
                    "version": manifest["versions"]["lienthong"],
                }
            )
        )
