import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lienthong.dossiers.constants import Status
from lienthong.dossiers.models import Dossier, OutboxMessage
from lienthong.dossiers.tasks import outbox_dispatch
from lienthong.notify.constants import EMAIL_TOPIC, MessageStatus
from lienthong.notify.models import Message
from lienthong.ops.backlog import email_failures

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_a_mail_server_down_delays_the_email_and_never_the_receipt(smtp, receive):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False) as clock:
        # given the mail server is down
        smtp.stop()

        # when a dossier is received
        dossier = receive()

        # then the receipt stands, the message waits with its error, and the outbox will try again later
        assert Dossier.objects.get(pk=dossier.pk).status == Status.RECEIVED
        delivery = Message.objects.get()
        assert (delivery.status, delivery.attempts) == (MessageStatus.CREATED, 1)
        assert "ConnectionRefusedError" in delivery.detail
        assert email_failures() == 1  # the operator's metric counts it
        message = OutboxMessage.objects.get(event__dossier=dossier, topic=EMAIL_TOPIC)
        assert message.attempts == 1 and message.delivered_at is None
        assert message.available_at > dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM)

        # when the server is back but the retry is not yet due, nothing is sent
        smtp.start()
        assert outbox_dispatch.call() == 0
        assert smtp.received == []

        # when the retry is due, the email goes out, once
        clock.shift(dt.timedelta(minutes=1))
        assert outbox_dispatch.call() == 1
        assert [recipients for recipients, _ in smtp.received] == [["hoa@example.vn"]]
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (MessageStatus.DELIVERED, 2)
        assert delivery.sent_at == dt.datetime(2026, 3, 2, 9, 1, tzinfo=HCM)
        assert email_failures() == 0

        # and dispatching again sends nothing more
        assert outbox_dispatch.call() == 0
        assert len(smtp.received) == 1


def test_an_event_delivered_twice_is_mailed_once(smtp, receive):
    # given an event whose email went out
    dossier = receive()
    assert len(smtp.received) == 1

    # when the outbox delivers it again (a worker died after sending, before marking it delivered)
    OutboxMessage.objects.filter(event__dossier=dossier, topic=EMAIL_TOPIC).update(delivered_at=None)
    assert outbox_dispatch.call() == 1

    # then the handler recognises the event's id and sends nothing
    assert len(smtp.received) == 1
    assert Message.objects.get().attempts == 1
