"""Issue 17: PgBouncer or PostgreSQL going away must not end the task workers. django_tasks_db's own worker let any
database error but a SQLite lock escape its loop, so the process exited at the first refused connection (under
compose or Kubernetes a restart loop with a growing back-off; in the multi-host run, a queue nobody worked).
`lienthong db_worker` (launch/management/commands/db_worker.py) waits the outage out and works the queue once the
database answers. The outage is real: the worker's connections go to a port nothing listens on, then back."""

import os
import socket
import threading
import time

import pytest
from django.core.management import get_commands, load_command_class
from django.db import connection
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from lienthong.launch.management.commands.db_worker import Worker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("DATABASE_URL" not in os.environ, reason="a database server to lose is PostgreSQL's"),
]


@task(queue_name="default")
def a_task_to_work(number: int) -> int:
    return number * 2


def test_lienthong_db_worker_is_this_worker():
    command = load_command_class(get_commands()["db_worker"], "db_worker")
    assert type(command).__module__ == "lienthong.launch.management.commands.db_worker"


def test_the_worker_waits_out_the_outage_then_works_the_queue(monkeypatch):
    queued = a_task_to_work.enqueue(21)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    real = {"HOST": connection.settings_dict["HOST"], "PORT": connection.settings_dict["PORT"]}
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(connection.settings_dict, "PORT", str(closed))  # the pooler is gone
    worker = Worker(queue_names=["*"], interval=0.1, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="outage-test", excluded_queue_names=[])  # fmt: skip
    failures: list[BaseException] = []

    def work() -> None:
        try:
            worker.run()
        except BaseException as exc:  # noqa: BLE001 — what the old worker did: end the process
            failures.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    time.sleep(3)
    assert thread.is_alive() and not failures, failures  # still waiting, not ended

    connection.settings_dict.update(real)  # the pooler is back
    thread.join(60)

    assert not thread.is_alive() and not failures, failures
    connection.close()
    result = DBTaskResult.objects.get(pk=queued.id)
    assert result.status == "SUCCESSFUL" and result.return_value == 42
