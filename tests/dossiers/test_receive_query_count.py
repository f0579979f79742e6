"""What one receipt at the desk costs the database, pinned so that a regression shows (docs/performance.md,
bench/receive.py): the role check before the transaction (the calendar was read within the last seconds), then the
dossier, and the code as late as possible with the event and its outbox rows — one statement on PostgreSQL; after
commit, a dispatch at most once a second."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from lienthong.catalogue.models import ProcedureVersion
from lienthong.dossiers import tasks
from lienthong.dossiers.constants import Channel
from lienthong.dossiers.services import dossier_receive

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# Each statement of a receipt by the table it touches, in order. In a test the receipt's transaction is a savepoint:
# the role check comes before it (on SQLite the transaction holds the database's write lock).
BEFORE_THE_CODE = [
    "SELECT org_officerrole",  # the officer receives at this desk; the calendar was read within the last seconds
    "SAVEPOINT",  # the transaction begins
    "INSERT dossiers_dossier",
]
ORM_PATH = [  # SQLite
    "INSERT dossiers_dossiercodecounter",  # the code: the desk-day row lock is held from here to commit
    "INSERT dossiers_dossierevent",
    "UPDATE dossiers_dossier",  # the chain's head and the code, in one update
    "INSERT dossiers_outboxmessage",
]
ONE_STATEMENT = [
    "WITH number"
]  # PostgreSQL: the code, the event, the chain head, the outbox rows (eventlog/receipt_sql.py)
FIRST_ON_COMMIT = ["INSERT django_tasks_database_dbtaskresult"]  # a dispatch, which drains for a second


@pytest.fixture
def receive(province, officers, procedure, applicant, form_data, documents, django_capture_on_commit_callbacks):
    version = ProcedureVersion.objects.prefetch_related("documents").get(pk=procedure.pk)  # as the desk's form has it

    def receive():
        with django_capture_on_commit_callbacks(execute=True):
            return dossier_receive(officer=officers["receiver@commune_centre"], agency=province["commune_centre"],
                                   version=version, channel=Channel.COUNTER, applicant=applicant,
                                   form_data=form_data, documents_present=documents)  # fmt: skip

    return receive


def _statements(captured: CaptureQueriesContext) -> list[str]:
    shapes = []
    for query in captured.captured_queries:
        words = query["sql"].replace('"', "").replace("(", " ").split()
        verb = words[0].upper()
        if verb == "WITH":
            shapes.append(f"WITH {words[1]}")
            continue
        if verb in ("SAVEPOINT", "RELEASE", "ROLLBACK"):
            shapes += [verb] if verb == "SAVEPOINT" else []
            continue
        table = words[words.index("INTO" if verb == "INSERT" else "FROM" if verb == "SELECT" else verb) + 1]
        shapes.append(f"{verb} {table.split('.')[0]}")
    return shapes


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False)
def test_a_receipt_costs_few_statements_and_nothing_after_commit(receive):
    with CaptureQueriesContext(connection) as captured:
        receive()  # the first enqueues the dispatch
    assert _statements(captured)[-1:] == FIRST_ON_COMMIT

    with CaptureQueriesContext(connection) as captured:
        receive()

    # the dispatch enqueued with the first serves this one too
    tail = ONE_STATEMENT if connection.vendor == "postgresql" else ORM_PATH
    assert _statements(captured) == BEFORE_THE_CODE + tail


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False)
def test_receipts_within_a_second_share_one_dispatch(receive, monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(tasks, "_clock", lambda: clock[0])
    first = receive()
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    clock[0] += 0.5
    receive()
    clock[0] += 0.4
    receive()

    # one dispatch: it reads the outbox until a second after a worker claims it, so after all three commits
    assert DBTaskResult.objects.count() == 1
    assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {"drain_seconds": tasks.WAKE_SHARED_SECONDS}

    # past that second, the next receipt enqueues a dispatch of its own, waiting or not
    clock[0] += 0.2
    receive()
    assert DBTaskResult.objects.filter(status="READY").count() == 2
    assert first.code.endswith("-0001")
