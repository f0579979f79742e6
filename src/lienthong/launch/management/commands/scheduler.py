"""`lienthong scheduler`: enqueue the periodic tasks (launch/schedule.py) as their intervals elapse.

Runs as one long process beside the worker (`lienthong start` starts it); `--once` enqueues what is due and exits,
for a deployment that prefers cron (`* * * * * lienthong scheduler --once`). Only the scheduler holding the lock
of launch/leader.py ticks; the others stand by and take over when it dies. Each run is enqueued once regardless.
"""

import logging
import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections
from django.utils.translation import gettext as _

from lienthong.core.stopping import stop_requested
from lienthong.launch.leader import leadership
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
            lock = leadership()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if lock.kind == "redis" and tick * 2 > settings.LIENTHONG_SCHEDULER_LOCK_SECONDS:
            raise CommandError(
                _("Khóa của bộ lập lịch (%(lock)s giây) phải dài hơn hai lần nhịp xem lịch (%(tick)s giây).")
                % {"lock": settings.LIENTHONG_SCHEDULER_LOCK_SECONDS, "tick": tick}
            )
        try:
            if once:
                if self._lead(lock):
                    self._tick()
                return
            stopping = stop_requested()
            while not stopping():
                if self._lead(lock):
                    close_old_connections()  # a connection the database dropped is replaced, as a request's would be
                    self._tick()
                time.sleep(tick)
        finally:
            lock.release()

    def _lead(self, lock) -> bool:
        """Hold the lock (launch/leader.py); say so when this scheduler starts or stops leading."""
        was = getattr(self, "_leading", None)
        try:
            leading = lock.hold()
        except Exception:  # the lock's server is unreachable: lead nothing until it answers
            log.exception("scheduler: the %s lock could not be checked", lock.kind)
            leading = False
        if leading != was:
            message = (
                _("Bộ lập lịch: đang chạy (giữ khóa %(kind)s).")
                if leading
                else _("Bộ lập lịch: chờ, một bộ lập lịch khác đang chạy (khóa %(kind)s).")
            )
            log.info("scheduler: %s (%s lock, pid %d)", "leading" if leading else "standing by", lock.kind, os.getpid())
            if self.verbosity > 1:
                self.stdout.write(message % {"kind": lock.kind})
        self._leading = leading
        return leading

    def _tick(self) -> None:
        if self.verbosity > 2:
            self.stdout.write(f"tick {time.time():.3f}")  # a trace for tests and for an operator watching takeover
        try:
            self._report(schedule_run_due())
        except DatabaseError:  # the database is restarting: try again at the next tick
            log.exception("scheduler: the schedule could not be read")

    def _report(self, enqueued: list[str]) -> None:
        for name in enqueued:
            log.debug("scheduler: enqueued %s", name)
        if enqueued and self.verbosity > 1:
            self.stdout.write(_("Đã đưa vào hàng đợi: %(names)s") % {"names": ", ".join(enqueued)})
