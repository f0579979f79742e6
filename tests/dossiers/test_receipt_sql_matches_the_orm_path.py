"""On PostgreSQL a receipt's code, event, chain head and outbox rows are written by one SQL statement
(dossiers/services/eventlog/receipt_sql.py): the same dossier received that way and the ORM way gives the same
rows, byte for byte, and the audit finds every chain sound."""

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction

from lienthong.core.events import subscribe, subscriptions_for, unsubscribe
from lienthong.dossiers.constants import Channel, EventKind
from lienthong.dossiers.models import Dossier, DossierCodeCounter, DossierEvent, OutboxMessage
from lienthong.dossiers.services import dossier_receive, dossier_submit_online, intake
from lienthong.dossiers.services.audit import _canonical, audit_verify
from lienthong.dossiers.services.eventlog import event_hash

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("DATABASE_URL" not in os.environ, reason="the one-statement receipt is PostgreSQL's"),
]
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
EVENT_FIELDS = ["dossier_id", "seq", "kind", "at", "actor_id", "actor_label", "status_before", "status_after",
                "payload", "prev_hash", "hash"]  # fmt: skip
OUTBOX_FIELDS = ["topic", "created_at", "available_at", "attempts", "delivered_at", "dead_at", "last_error"]
DOSSIER_FIELDS = ["code", "event_seq", "event_head", "status", "received_at", "due_at", "updated_at"]


@pytest.fixture
def second_subscriber():
    subscribe("test.second", lambda envelope: None, kinds=[EventKind.RECEIVED])
    yield
    unsubscribe("test.second")


@pytest.fixture
def receive(province, officers, procedure, applicant, form_data, documents):
    def receive():
        return dossier_receive(officer=officers["receiver@commune_centre"], agency=province["commune_centre"],
                               version=procedure, channel=Channel.COUNTER, applicant=applicant, form_data=form_data,
                               documents_present=documents)  # fmt: skip

    return receive


def _rows(dossier_id: int) -> dict:
    event = DossierEvent.objects.filter(dossier_id=dossier_id).values(*EVENT_FIELDS, "id").get()
    outbox = list(OutboxMessage.objects.filter(event_id=event.pop("id")).order_by("topic").values(*OUTBOX_FIELDS))
    dossier = Dossier.objects.values(*DOSSIER_FIELDS).get(pk=dossier_id)
    return {"event": event, "canonical": _canonical(event), "outbox": outbox, "dossier": dossier}


def _next_dossier_id_is(pk: int) -> None:
    with connection.cursor() as cursor:
        table = Dossier._meta.db_table
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)", [table, pk])


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False)
def test_the_same_dossier_received_both_ways_gives_the_same_rows(receive, monkeypatch, second_subscriber):
    receive()  # a first receipt, so that the compared one is number 2 on the counter's updated row

    # given the receipt the ORM way, rolled back with its number
    monkeypatch.setattr(intake, "receipt_sql_applies", lambda: False)
    rollback = transaction.savepoint()
    orm = receive()
    by_orm = _rows(orm.pk)
    transaction.savepoint_rollback(rollback)

    # when the same dossier (same id, same instant) is received in one statement
    monkeypatch.setattr(intake, "receipt_sql_applies", lambda: True)
    _next_dossier_id_is(orm.pk)
    sql = receive()

    # then
    assert (sql.pk, sql.code, sql.event_seq, sql.event_head) == (orm.pk, orm.code, orm.event_seq, orm.event_head)
    assert _rows(sql.pk) == by_orm
    assert by_orm["event"]["payload"]["code"] == orm.code
    assert orm.code.endswith("-0002")
    assert len(by_orm["outbox"]) == len(subscriptions_for(EventKind.RECEIVED)) >= 2  # one row per subscriber
    assert event_hash("", by_orm["canonical"]) == by_orm["event"]["hash"]


def test_codes_past_9999_widen_as_the_orm_path_does(receive, province):
    today = dt.datetime.now(tz=HCM).date()
    DossierCodeCounter.objects.create(agency=province["commune_centre"], day=today, last=9998)

    codes = [receive().code for _ in range(3)]

    assert [code.rsplit("-", 1)[1] for code in codes] == ["9999", "10000", "10001"]
    assert audit_verify().ok


def test_receipts_in_one_statement_pass_the_audit(receive):
    for _ in range(3):
        receive()

    report = audit_verify()

    assert report.ok, report
    assert DossierEvent.objects.count() == 3


@pytest.fixture
def submit(province, procedure, applicant, form_data):
    def submit():
        return dossier_submit_online(agency=province["commune_centre"], version=procedure,
                                     channel=Channel.CONNECTED_SYSTEM, applicant=applicant, form_data=form_data,
                                     actor_label="Một cửa phường")  # fmt: skip

    return submit


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False)
def test_the_same_dossier_submitted_both_ways_gives_the_same_rows(submit, monkeypatch):
    submit()

    # given a submission the ORM way, rolled back with its number
    monkeypatch.setattr(intake, "receipt_sql_applies", lambda: False)
    rollback = transaction.savepoint()
    orm = submit()
    by_orm = _rows(orm.pk)
    transaction.savepoint_rollback(rollback)

    # when the same dossier is submitted with its code and event in one statement
    monkeypatch.setattr(intake, "receipt_sql_applies", lambda: True)
    _next_dossier_id_is(orm.pk)
    sql = submit()

    # then
    assert (sql.pk, sql.code, sql.event_seq, sql.event_head) == (orm.pk, orm.code, orm.event_seq, orm.event_head)
    assert _rows(sql.pk) == by_orm
    assert by_orm["event"]["kind"] == EventKind.SUBMITTED and by_orm["event"]["actor_label"] == "Một cửa phường"
    assert by_orm["event"]["payload"] == {"channel": Channel.CONNECTED_SYSTEM, "code": orm.code, "files": []}
    assert orm.code.endswith("-0002")
    assert len(by_orm["outbox"]) == len(subscriptions_for(EventKind.SUBMITTED))
    assert audit_verify().ok
