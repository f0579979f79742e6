"""Exactly one message per event and channel (issue 15 item 3): under repeated callbacks, a redelivered event, a
worker run twice and a worker that dies between the claim and the provider's answer."""

import datetime as dt
import uuid

import pytest
import time_machine

from lienthong.notify import delivery
from lienthong.notify.constants import MessageChannel, MessageStatus
from lienthong.notify.delivery import message_create, message_send, notify_due_run, phone_on_event
from lienthong.notify.models import Message, MessageStatusChange, MessageTemplate
from tests.notify.conftest import DAYTIME

pytestmark = pytest.mark.django_db
PHONE = "84912345678"


@time_machine.travel(DAYTIME, tick=False)
def test_repeated_callbacks_change_the_status_once(providers, receive):
    receive()
    assert providers.reports(repeat=3) == [200, 200, 200]
    zns = Message.objects.get(channel=MessageChannel.ZNS)
    assert zns.status == MessageStatus.DELIVERED
    assert zns.changes.filter(status=MessageStatus.DELIVERED).count() == 1


@time_machine.travel(DAYTIME, tick=False)
def test_a_redelivered_event_and_a_second_worker_send_nothing_again(providers, receive):
    dossier = receive()
    zns = Message.objects.get(channel=MessageChannel.ZNS)
    envelope = {"id": str(zns.event_uuid), "kind": "received", "dossier_id": dossier.pk, "payload": {}}

    phone_on_event(envelope)  # the outbox delivers the event again
    assert message_send(message_id=zns.pk) == "taken"  # a second worker picks the same message
    notify_due_run()

    assert len(providers.zns.sends) == 1 and Message.objects.filter(channel=MessageChannel.ZNS).count() == 1


def test_a_late_failure_report_after_delivery_changes_nothing(providers, receive, client):
    with time_machine.travel(DAYTIME, tick=False):
        providers.zns.program(PHONE, refuse=-118)
        receive()
    sms = Message.objects.get(channel=MessageChannel.SMS)
    providers.reports()
    sms.refresh_from_db()
    assert sms.status == MessageStatus.DELIVERED
    body = f'{{"SMSID": "{sms.provider_ref}", "SendStatus": 6}}'
    response = client.post("/thong-bao/bao-nhan/sms/?token=test-callback-token", data=body,
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 200
    sms.refresh_from_db()
    assert sms.status == MessageStatus.DELIVERED


def test_an_sms_whose_worker_died_after_the_claim_is_sent_once(providers, receive, monkeypatch, settings):
    """The gateway had the message but we never stored its answer: the resend carries the same RequestId, and the
    gateway's "124 duplicate" answer gives us its SMSID without a second SMS."""
    settings.LIENTHONG_NOTIFY_STUCK_SECONDS = 300
    providers.zns.program(PHONE, refuse=-118)
    real = delivery.message_sent

    def dies(*, message_id, result):
        if Message.objects.get(pk=message_id).channel == MessageChannel.SMS:
            raise SystemExit("worker killed")
        return real(message_id=message_id, result=result)

    monkeypatch.setattr(delivery, "message_sent", dies)
    with time_machine.travel(DAYTIME, tick=False):  # the task fails; the outbox has done its part
        receive()
    sms = Message.objects.get(channel=MessageChannel.SMS)
    assert (sms.status, sms.provider_ref) == (MessageStatus.SENDING, "")
    monkeypatch.setattr(delivery, "message_sent", real)

    with time_machine.travel(DAYTIME + dt.timedelta(minutes=1), tick=False):
        assert notify_due_run()["resent"] == 0  # not yet: it may still be on its way
    with time_machine.travel(DAYTIME + dt.timedelta(minutes=6), tick=False):
        assert notify_due_run()["resent"] == 1

    sms.refresh_from_db()
    assert len(providers.sms.sends) == 1 and sms.provider_ref == providers.sms.sends[0]["SMSID"]
    assert sms.error_code == "124"
    providers.reports()
    sms.refresh_from_db()
    assert sms.status == MessageStatus.DELIVERED


def test_a_zalo_message_whose_worker_died_is_never_sent_again_but_handed_to_sms(providers, receive, monkeypatch):
    real = delivery.message_sent
    monkeypatch.setattr(delivery, "message_sent", lambda **_: (_ for _ in ()).throw(SystemExit("killed")))
    with time_machine.travel(DAYTIME, tick=False):  # the task fails; the outbox has done its part
        receive()
    monkeypatch.setattr(delivery, "message_sent", real)
    providers.zns.due_callbacks()  # its receipt is lost too

    with time_machine.travel(DAYTIME + dt.timedelta(hours=1), tick=False):
        counts = notify_due_run()
    assert counts["fallback"] == 1 and counts["resent"] == 0
    assert len(providers.zns.sends) == 1 and len(providers.sms.sends) == 1


@time_machine.travel(DAYTIME, tick=False)
def test_two_workers_creating_the_same_message_get_one_row(providers, receive):
    dossier = receive()
    envelope = {"id": str(uuid.uuid4()), "kind": "received", "dossier_id": dossier.pk, "payload": {}}
    first = message_create(channel=MessageChannel.SMS, recipient=PHONE, dossier=dossier, envelope=envelope)
    second = message_create(channel=MessageChannel.SMS, recipient=PHONE, dossier=dossier, envelope=envelope)
    assert first.pk == second.pk
    assert MessageStatusChange.objects.filter(message=first).count() == 1


def test_a_template_keeps_one_active_version(providers):
    from django.db import IntegrityError, transaction

    current = MessageTemplate.objects.get(kind="received", channel="sms", language="vi", is_active=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        MessageTemplate.objects.create(kind="received", channel="sms", version=current.version + 1, body="x")
