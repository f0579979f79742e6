"""Migration notify 0011 drops the older EmailDelivery table; its rows (subject, recipient, status, reason, times) are
carried into the one delivery model first, so a dossier's message timeline keeps the e-mails sent, retried and not
sent before it — on an empty database too, on SQLite and on PostgreSQL."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lienthong.notify.models import Message

BEFORE, AFTER = (
    [("notify", "0010_event_kinds_digitised_and_receipts")],
    [("notify", "0011_notices_on_message_templates")],
)
SENT, FAILED, SKIPPED, KNOWN = (uuid.uuid4() for _ in range(4))
AT = dt.datetime(2026, 2, 13, 3, 0, tzinfo=dt.UTC)


def _executor_at(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return MigrationExecutor(connection)


@pytest.mark.django_db(transaction=True)
def test_email_deliveries_become_messages_with_their_status_reason_and_times(receive):
    dossier = receive()
    try:
        executor = _executor_at(BEFORE)
        apps = executor.loader.project_state(BEFORE).apps
        delivery = apps.get_model("notify", "EmailDelivery")
        message = apps.get_model("notify", "Message")
        row = {"dossier_id": dossier.pk, "kind": "received", "attempts": 1}
        delivery.objects.create(event_uuid=SENT, to="Hoa@Example.vn", subject="Hồ sơ X: đã tiếp nhận", status="sent",
                                sent_at=AT, **row)  # fmt: skip
        delivery.objects.create(event_uuid=FAILED, to="hoa@example.vn", subject="", status="failed",
                                last_error="SMTPServerDisconnected: down", **row)  # fmt: skip
        delivery.objects.create(event_uuid=SKIPPED, to="", status="skipped", attempts=0, dossier_id=dossier.pk,
                                kind="result_ready", last_error="Chủ hồ sơ không có địa chỉ thư điện tử.")  # fmt: skip
        delivery.objects.create(event_uuid=KNOWN, to="hoa@example.vn", status="sent", sent_at=AT, **row)
        delivery.objects.filter(event_uuid=SENT).update(created_at=AT - dt.timedelta(minutes=1))
        # one the delivery model recorded already (0005 on): carried once, not twice
        message.objects.create(event_uuid=KNOWN, kind="received", channel="email", recipient="hoa@example.vn",
                               dossier_id=dossier.pk, status="delivered", send_after=AT)  # fmt: skip

        _executor_at(AFTER)

        carried = {m.event_uuid: m for m in Message.objects.filter(event_uuid__in=[SENT, FAILED, SKIPPED, KNOWN])}
        assert len(carried) == 4 and Message.objects.filter(event_uuid=KNOWN).count() == 1
        sent = carried[SENT]
        assert (sent.channel, sent.recipient, sent.status, sent.detail, sent.params) == (
            "email", "hoa@example.vn", "delivered", "Hồ sơ X: đã tiếp nhận", {"notice_subject": "Hồ sơ X: đã tiếp nhận"}
        )  # fmt: skip
        assert (sent.sent_at, sent.completed_at, sent.created_at) == (AT, AT, AT - dt.timedelta(minutes=1))
        assert [(c.status, c.source) for c in sent.changes.all()] == [("delivered", "migration")]
        failed = carried[FAILED]
        assert (failed.status, failed.attempts, failed.detail) == ("created", 1, "SMTPServerDisconnected: down")
        skipped = carried[SKIPPED]
        assert (skipped.status, skipped.error_code, skipped.recipient, skipped.kind) == (
            "not-sent", "no-address", "", "result_ready"
        )  # fmt: skip
        assert skipped.completed_at is not None and skipped.event["id"] == str(SKIPPED)
    finally:
        _executor_at(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_runs_on_an_empty_table():
    try:
        _executor_at(BEFORE)
        _executor_at(AFTER)
        assert not Message.objects.exists()
    finally:
        _executor_at(MigrationExecutor(connection).loader.graph.leaf_nodes())
