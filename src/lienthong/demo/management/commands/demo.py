"""`lienthong demo`: build today's Đồng Nai as a demo province (idempotent; `lienthong start` runs it once)."""

from django.core.management.base import BaseCommand
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
        report = demo_build(history=options["history"])
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(demo_accounts_text())
