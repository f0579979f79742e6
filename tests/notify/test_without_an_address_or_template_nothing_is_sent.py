"""A notice that is not sent leaves a record (issue 15): a `Message` in the final status "not-sent" with why — no
address or phone, the citizen opted out, the IT officer switched the event's template off, the submission confirmed by
the channel it came through — once per event and channel however often the event is delivered; shown with its reason
on the officer's message timeline (not to the citizen), counted apart in the delivery rates, never resent."""

import dataclasses

import pytest
import time_machine
from django.urls import reverse

from lienthong.dossiers.models import OutboxMessage
from lienthong.dossiers.selectors import event_envelope
from lienthong.notify.constants import EMAIL_TOPIC, PHONE_TOPIC, MessageChannel, MessageStatus
from lienthong.notify.delivery import phone_on_event
from lienthong.notify.models import Message, MessageTemplate, OptOut
from lienthong.notify.resend import ResendError, message_resend
from lienthong.notify.services import email_on_event
from tests.backoffice.web_given import signed_in
from tests.notify.conftest import DAYTIME

pytestmark = pytest.mark.django_db
PHONE = "84912345678"


def _not_sent(dossier, channel):
    message = Message.objects.get(dossier=dossier, channel=channel)
    changes = [(c.status, c.source, c.detail) for c in message.changes.all()]
    return message.status, message.error_code, message.recipient, changes


def test_an_applicant_without_an_email_address_leaves_a_not_sent_record(smtp, receive, applicant):
    dossier = receive(applicant=dataclasses.replace(applicant, email=""))

    assert smtp.received == []
    assert _not_sent(dossier, "email") == ("not-sent", "no-address", "", [("not-sent", "route", "no-address")])
    assert Message.objects.get(dossier=dossier).detail == "Chủ hồ sơ không có địa chỉ hoặc số điện thoại cho kênh này."
    # the outbox counts it as handled: nothing is retried
    assert OutboxMessage.objects.get(event__dossier=dossier, topic=EMAIL_TOPIC).delivered_at is not None


def test_a_kind_whose_template_is_switched_off_leaves_a_not_sent_record(smtp, receive):
    MessageTemplate.objects.filter(kind="received", channel="email").update(is_active=False)

    dossier = receive()

    assert smtp.received == []
    assert _not_sent(dossier, "email")[:3] == ("not-sent", "no-template", "hoa@example.vn")
    assert OutboxMessage.objects.get(event__dossier=dossier, topic=EMAIL_TOPIC).delivered_at is not None


def test_an_opted_out_address_leaves_a_not_sent_record_and_a_redelivered_event_no_second(smtp, receive):
    OptOut.objects.create(channel=MessageChannel.EMAIL, recipient="hoa@example.vn")
    dossier = receive()
    outbox = OutboxMessage.objects.select_related("event").get(event__dossier=dossier, topic=EMAIL_TOPIC)

    email_on_event(event_envelope(outbox.event))  # the outbox delivers the event again
    email_on_event(event_envelope(outbox.event))

    assert smtp.received == []
    assert Message.objects.filter(dossier=dossier).count() == 1
    assert _not_sent(dossier, "email")[:2] == ("not-sent", "opted-out")


@time_machine.travel(DAYTIME, tick=False)
def test_a_phone_opted_out_of_zalo_and_sms_leaves_one_not_sent_record(providers, smtp, receive):
    OptOut.objects.create(channel=MessageChannel.ZNS, recipient=PHONE)
    OptOut.objects.create(channel=MessageChannel.SMS, recipient=PHONE)
    dossier = receive()
    outbox = OutboxMessage.objects.select_related("event").get(event__dossier=dossier, topic=PHONE_TOPIC)

    phone_on_event(event_envelope(outbox.event))  # delivered again

    assert providers.zns.requests == 0 and providers.sms.requests == 0
    assert _not_sent(dossier, "sms")[:3] == ("not-sent", "opted-out", PHONE)
    assert sorted(Message.objects.filter(dossier=dossier).values_list("channel", "status")) == [
        ("email", "delivered"), ("sms", "not-sent"),
    ]  # fmt: skip


@time_machine.travel(DAYTIME, tick=False)
def test_without_a_mobile_number_the_phone_notice_is_recorded_not_sent(providers, receive, applicant):
    dossier = receive(applicant=dataclasses.replace(applicant, phone="0281234567"))  # a landline

    assert providers.zns.requests == 0 and providers.sms.requests == 0
    assert _not_sent(dossier, "sms")[:3] == ("not-sent", "no-address", "")


@time_machine.travel(DAYTIME, tick=False)
def test_the_officer_sees_why_and_cannot_resend_and_the_citizen_sees_only_what_was_sent(
    providers, smtp, receive, officers, applicant
):
    dossier = receive(applicant=dataclasses.replace(applicant, email=""))
    not_sent = Message.objects.get(dossier=dossier, channel="email")
    client = signed_in(officers, "receiver@commune_centre")

    page = client.get(reverse("backoffice:dossier", kwargs={"dossier_id": dossier.pk}))

    rows = {r.channel: r for r in page.context["sent_messages"]}
    assert (rows["email"].status_label, rows["email"].final) == ("Không gửi", False)
    assert rows["email"].reason == "Chủ hồ sơ không có địa chỉ hoặc số điện thoại cho kênh này."
    text = page.content.decode()
    assert "Không gửi" in text and "Chủ hồ sơ không có địa chỉ hoặc số điện thoại cho kênh này." in text
    with pytest.raises(ResendError) as refused:
        message_resend(message_id=not_sent.pk, dossier_id=dossier.pk, by="receiver.commune_centre")
    assert refused.value.code == ResendError.NOT_SENT
    from lienthong.notify.selectors import message_timeline

    assert [r.channel for r in message_timeline(dossier_id=dossier.pk, with_not_sent=False)] == ["zns"]


@time_machine.travel(DAYTIME, tick=False)
def test_the_delivery_rates_count_not_sent_apart_from_failures(providers, smtp, receive, officers, applicant):
    receive()  # mailed: delivered
    receive(applicant=dataclasses.replace(applicant, email=""))  # not mailed: no address
    client = signed_in(officers, "it_officer@centre")

    page = client.get(reverse("backoffice:message_rates"))

    rows = [r for r in page.context["rows"] if r.channel == "email"]
    assert sum(r.counts[MessageStatus.DELIVERED] for r in rows) == 1
    assert sum(r.not_sent for r in rows) == 1
    assert sum(r.total for r in rows) == 1  # the not-sent one is no message handed over
    assert [r.delivered_share for r in rows if r.final] == [1.0]  # not a failure: the share stays 100%
    assert "Không gửi" in page.content.decode()
