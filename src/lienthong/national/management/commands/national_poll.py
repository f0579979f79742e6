"""`lienthong national_poll`: pull the dossiers submitted on the national portal and retry the syncs that are due
(cron, every few minutes); `--schedule` instead starts the worker's own polling, which then repeats itself."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lienthong.national.services import connector_enabled, national_receive_submissions
from lienthong.national.tasks import national_poll_schedule, national_sync_due


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _("Nhận hồ sơ nộp trên Cổng Dịch vụ công quốc gia và gửi lại các hồ sơ đến hạn đồng bộ.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schedule", action="store_true", help=_("Giao cho tiến trình nền tự nhận định kỳ."))

    def handle(self, *args, schedule: bool, **options) -> None:
        if not connector_enabled():
            raise CommandError(_("Chưa cấu hình kết nối Cổng Dịch vụ công quốc gia."))
        if schedule:
            national_poll_schedule()
            self.stdout.write(_("Tiến trình nền sẽ nhận hồ sơ định kỳ."))
            return
        summary = national_receive_submissions()
        retried = national_sync_due.call()
        if summary.error:
            raise CommandError(_("Không kết nối được Cổng: %(error)s") % {"error": summary.error})
        self.stdout.write(_("Nhận mới %(created)d, đã có %(already)d, không nhận được %(rejected)d; "
                            "gửi lại %(retried)d hồ sơ.") % {
            "created": len(summary.created), "already": summary.already, "rejected": len(summary.rejected),
            "retried": retried,
        })  # fmt: skip
