"""`lienthong scheduler`: enqueue the periodic tasks (launch/schedule.py) as their intervals elapse.

Runs as one long process beside the worker (`lienthong start` starts it); `--once` enqueues what is due and exits,
for a deployment that prefers cron (`* * * * * lienthong scheduler --once`). Two schedulers enqueue each run once.
"""

import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections
from django.utils.translation import gettext as _

from lienthong.core.stopping import stop_requested
from lienthong.launch.schedule import schedule_intervals, schedule_run_due

log = logging.getLogger(__name__)


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a str, not gettext_lazy: argparse cannot format a lazy description
        return _("Đưa các tác vụ định kỳ vào hàng đợi của tiến trình nền khi đến hạn.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help=_("Đưa các tác vụ đến hạn vào hàng đợi rồi dừng."))
        parser.add_argument(
            "--tick", type=float, default=5.0, help=_("Số giây giữa hai lần xem lịch (mặc định %(default)s).")
        )

    def handle(self, *args, once: bool, tick: float, **options):
        self.verbosity = options["verbosity"]
        try:
            schedule_intervals()  # a malformed LIENTHONG_SCHEDULE stops here, at start, not at the first tick
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if once:
            self._report(schedule_run_due())
            return
        stopping = stop_requested()
        while not stopping():
            close_old_connections()  # a connection the database dropped is replaced, as a request's would be
            try:
                self._report(schedule_run_due())
            except DatabaseError:  # the database is restarting: try again at the next tick
                log.exception("scheduler: the schedule could not be read")
            time.sleep(tick)

    def _report(self, enqueued: list[str]) -> None:
        for name in enqueued:
            log.debug("scheduler: enqueued %s", name)
        if enqueued and self.verbosity > 1:
            self.stdout.write(_("Đã đưa vào hàng đợi: %(names)s") % {"names": ", ".join(enqueued)})
