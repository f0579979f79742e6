"""`lienthong demo`: build today's Đồng Nai as a demo province (idempotent; `lienthong start` runs it once)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from lienthong.demo.accounts import demo_accounts_text
from lienthong.demo.builder import HISTORY, demo_build


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a str, not gettext_lazy: argparse cannot format a lazy description
        return _(
            "Tạo tỉnh mẫu Đồng Nai: đơn vị hành chính cả nước, cơ quan, người đứng đầu, cán bộ và thủ tục hành chính. "
            "Chạy lại không thay đổi gì."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--history",
            type=int,
            default=HISTORY,
            help=_("Số hồ sơ lịch sử trong 2 năm qua (mặc định %(default)s; 0: không tạo)."),
        )

    def handle(self, *args, **options):
        if _migrations_pending():  # a fresh data directory: the demo needs the tables first
            self.stdout.write(_("Cơ sở dữ liệu chưa có đủ cấu trúc: đang cập nhật (migrate)…"))
            call_command("migrate", interactive=False, verbosity=0)
        demo_build(stdout=self.stdout, history=options["history"])  # prints its progress, then what it wrote
        self.stdout.write(demo_accounts_text())


def _migrations_pending() -> bool:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
