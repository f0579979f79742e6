"""What one receipt at the desk costs the database, pinned so that a regression shows (docs/performance.md,
bench/receive.py): the role check and the calendar in one query each before the transaction, then the dossier, the
code as late as possible, the event with its outbox row, and after commit one look for a dispatch already waiting."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from lienthong.catalogue.models import ProcedureVersion
from lienthong.dossiers.constants import Channel
from lienthong.dossiers.services import dossier_receive

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# Each statement of a receipt by the table it touches, in order. In a test the receipt's transaction is a savepoint:
# the reads come before it (on SQLite the transaction holds the database's write lock).
RECEIPT = [
    "SELECT org_officerrole",  # the officer receives at this desk
    "SELECT core_rule",  # the calendar's rules and overrides, one UNION ALL
    "SAVEPOINT",  # the transaction begins
    "INSERT dossiers_dossier",
    "INSERT dossiers_dossiercodecounter",  # the code: the desk-day row lock is held from here to commit
    "INSERT dossiers_dossierevent",
    "UPDATE dossiers_dossier",  # the chain's head and the code, in one update
    "INSERT dossiers_outboxmessage",
]
ON_COMMIT = ["SELECT django_tasks_database_dbtaskresult"]  # a dispatch already waiting? then none is enqueued


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
        if verb in ("SAVEPOINT", "RELEASE", "ROLLBACK"):
            shapes += [verb] if verb == "SAVEPOINT" else []
            continue
        table = words[words.index("INTO" if verb == "INSERT" else "FROM" if verb == "SELECT" else verb) + 1]
        shapes.append(f"{verb} {table.split('.')[0]}")
    return shapes


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False)
def test_a_receipt_costs_seven_statements_and_one_look_after_commit(receive):
    receive()  # the first enqueues the dispatch: nothing was waiting

    with CaptureQueriesContext(connection) as captured:
        receive()

    assert _statements(captured) == RECEIPT + ON_COMMIT


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False)
def test_receipts_share_the_dispatch_waiting_for_a_worker(receive):
    first = receive()
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    receive()
    receive()

    # one dispatch waits; it will read the outbox after all three commits
    assert DBTaskResult.objects.count() == 1

    # once a worker has claimed it, the next receipt needs a dispatch of its own
    DBTaskResult.objects.update(status="RUNNING")
    receive()
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert first.code.endswith("-0001")
