"""Routing per event (issue 15 item 3): Zalo ZNS first when the applicant has a phone, SMS when Zalo refuses with a
hard error, runs out of quota or stays silent past the receipt time; e-mail beside them to any address."""

import dataclasses
import datetime as dt

import pytest
import time_machine

from lienthong.notify.constants import MessageChannel, MessageStatus
from lienthong.notify.delivery import notify_due_run, phone_normalise
from lienthong.notify.models import Message, OptOut
from tests.notify.conftest import DAYTIME

pytestmark = pytest.mark.django_db
PHONE = "84912345678"  # the applicant fixture's 0912345678, as Zalo wants it


def _messages():
    return list(Message.objects.order_by("pk").values_list("channel", "status", "recipient"))


def test_phone_numbers_take_zalos_84_form():
    assert phone_normalise("0912 345 678") == PHONE
    assert phone_normalise("+84 912-345-678") == PHONE
    assert phone_normalise("912345678") == PHONE
    assert phone_normalise("0281234567") == ""  # a landline: no Zalo, no SMS
    assert phone_normalise("") == ""


@time_machine.travel(DAYTIME, tick=False)
def test_a_receipt_goes_by_zalo_and_is_delivered(providers, smtp, receive):
    dossier = receive()

    (sent,) = providers.zns.sends
    assert sent["phone"] == PHONE and sent["template_id"] == "lienthong-received"
    assert sent["template_data"]["code"] == dossier.code
    assert sent["template_data"]["applicant"] == "Nguyễn Thị Hoa"
    assert sent["template_data"]["due"] == "10:00 thứ Tư 25/02/2026"
    assert "t=" in sent["template_data"]["track_url"]  # the signed link
    zns = Message.objects.get(channel=MessageChannel.ZNS)
    assert sent["tracking_id"] == str(zns.uuid)  # our id is Zalo's tracking_id
    assert (zns.status, zns.provider_ref) == (MessageStatus.SENDING, sent["msg_id"])

    assert providers.reports() == [200]
    zns.refresh_from_db()
    assert zns.status == MessageStatus.DELIVERED
    assert list(zns.changes.values_list("status", "source")) == [
        ("created", "create"), ("sending", "send"), ("sending", "accepted"), ("delivered", "callback"),
    ]  # fmt: skip
    # the e-mail went beside it, recorded in the same model; no SMS was needed
    assert sorted(_messages()) == [("email", "delivered", "hoa@example.vn"), ("zns", "delivered", PHONE)]
    assert providers.sms.sends == [] and len(smtp.received) == 1


@pytest.mark.parametrize(("code", "reason"), [(-118, "not on Zalo"), (-119, "rejects ZNS"), (-108, "phone")])
@time_machine.travel(DAYTIME, tick=False)
def test_a_hard_zalo_error_sends_the_message_by_sms_at_once(providers, receive, code, reason):
    providers.zns.program(PHONE, refuse=code)

    dossier = receive()

    zns = Message.objects.get(channel=MessageChannel.ZNS)
    assert (zns.status, zns.error_code) == (MessageStatus.PERMANENT_FAILURE, str(code))
    sms = Message.objects.get(channel=MessageChannel.SMS)
    assert sms.fallback_of == zns and sms.status == MessageStatus.SENDING
    (sent,) = providers.sms.sends
    assert sent["RequestId"] == str(sms.uuid) and sent["Phone"] == PHONE
    # without diacritics by default (GSM-7), naming the code and the appointment, ending with the signed link
    expected = f"Ho so {dossier.code} da duoc tiep nhan. Hen tra ket qua: 10:00 thu Tu 25/02/2026"
    assert sent["Content"].startswith(expected)
    assert "/tra-cuu/?code=" in sent["Content"] and "&t=" in sent["Content"]
    providers.reports()
    sms.refresh_from_db()
    assert sms.status == MessageStatus.DELIVERED


@time_machine.travel(DAYTIME, tick=False)
def test_out_of_quota_goes_to_sms_and_later_events_skip_zalo_for_the_day(providers, receive, committed_supplement):
    providers.zns.remaining_quota = 0
    dossier = receive()
    assert [m[:2] for m in _messages() if m[0] != "email"] == [("zns", "permanent-failure"), ("sms", "sending")]
    assert Message.objects.get(channel="zns").error_code == "-124"
    requests = providers.zns.requests

    committed_supplement(dossier)  # a second event the same day

    assert providers.zns.requests == requests  # Zalo not asked again today
    kinds = list(Message.objects.filter(channel="sms").values_list("kind", flat=True))
    assert kinds == ["received", "supplement_requested"]


def test_no_zalo_receipt_in_time_hands_the_message_to_sms(providers, receive, settings):
    settings.LIENTHONG_ZNS_RECEIPT_SECONDS = 900
    with time_machine.travel(DAYTIME, tick=False):
        providers.zns.program(PHONE, callback=False)
        receive()
        assert providers.reports() == []
    with time_machine.travel(DAYTIME + dt.timedelta(minutes=14), tick=False):
        assert notify_due_run()["fallback"] == 0
    with time_machine.travel(DAYTIME + dt.timedelta(minutes=15), tick=False):
        assert notify_due_run()["fallback"] == 1
        assert notify_due_run()["fallback"] == 0  # once
    zns = Message.objects.get(channel="zns")
    assert zns.status == MessageStatus.SENDING  # still waiting: a late receipt would still count
    assert len(providers.sms.sends) == 1 and Message.objects.get(channel="sms").fallback_of == zns


@time_machine.travel(DAYTIME, tick=False)
def test_an_opted_out_channel_is_skipped(providers, smtp, receive):
    OptOut.objects.create(channel=MessageChannel.ZNS, recipient=PHONE)
    OptOut.objects.create(channel=MessageChannel.EMAIL, recipient="hoa@example.vn")

    receive()

    assert providers.zns.requests == 0 and smtp.received == []
    # the e-mail is recorded as not sent, with why (the citizen opted out)
    assert sorted(_messages()) == [("email", "not-sent", "hoa@example.vn"), ("sms", "sending", PHONE)]


@time_machine.travel(DAYTIME, tick=False)
def test_without_a_mobile_number_nothing_goes_to_a_phone(providers, receive, applicant):
    receive(applicant=dataclasses.replace(applicant, phone="0281234567"))  # a landline

    assert providers.zns.requests == 0 and providers.sms.requests == 0
    assert sorted(m[:2] for m in _messages()) == [("email", "delivered"), ("sms", "not-sent")]
