"""`lienthong db_worker`: django_tasks_db's task worker, which outlives its database going away.

django_tasks_db's own worker lets any database error but a SQLite lock escape its loop, so the process ends as soon
as PgBouncer or PostgreSQL stops answering (a pooler restarted, a failover): under compose or Kubernetes it is
restarted with a growing back-off, elsewhere it stays dead and the queue waits. This one closes the broken
connections, says so once in the log, tries again every few seconds and goes on when the database answers — as the
scheduler does (launch/management/commands/scheduler.py). A task that was running when the database went away keeps
its row as the database last saw it; its effects are in the database's own transactions, so nothing is half-applied.

Overrides django_tasks_db's command of the same name: `lienthong.launch` is listed before `django_tasks_db` in
INSTALLED_APPS, and Django takes a command from the first app that has it.
"""

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker as base

log = logging.getLogger(__name__)

RETRY_SECONDS = 2.0


class Worker(base.Worker):
    def run(self) -> None:
        unreachable_since: float | None = None
        while self.running:
            if unreachable_since is not None:
                if not self._database_answers():
                    time.sleep(RETRY_SECONDS)
                    continue
                log.warning("task worker: the database answers again after %.0f s",
                            time.monotonic() - unreachable_since)  # fmt: skip
                unreachable_since = None
            try:
                super().run()
                return  # a batch drained, --max-tasks reached, or stopped
            except (OperationalError, InterfaceError) as exc:
                connections.close_all()  # a broken connection is never lent again
                unreachable_since = time.monotonic()
                self.startup_delay = False  # no herd to spread now
                log.warning("task worker: the database does not answer (%s); trying again every %s s",
                            str(exc).splitlines()[0][:200], RETRY_SECONDS)  # fmt: skip
                time.sleep(RETRY_SECONDS)

    @staticmethod
    def _database_answers() -> bool:
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT 1")
        except (OperationalError, InterfaceError):
            connections.close_all()
            return False
        return True


class Command(base.Command):
    def handle(self, *args, **options) -> None:
        # django_tasks_db's handle builds its Worker from the module's name: this command's Worker takes its place
        # for the call (one command per process, so nothing else sees the swap)
        original, base.Worker = base.Worker, Worker
        try:
            super().handle(*args, **options)
        finally:
            base.Worker = original
