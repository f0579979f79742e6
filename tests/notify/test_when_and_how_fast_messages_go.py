"""No sending 22:00–07:00 except one-time codes; per-provider rate limits; the 72-hour timeout; SMS polling; the
Zalo OA token refreshed with its single-use refresh token."""

import datetime as dt
import uuid

import pytest
import time_machine

from lienthong.notify.constants import ONE_TIME_CODE, MessageChannel, MessageStatus
from lienthong.notify.delivery import message_create, message_send, notify_due_run, send_time
from lienthong.notify.models import Message, ProviderToken
from tests.notify.conftest import DAYTIME, HCM_ZONE

pytestmark = pytest.mark.django_db
PHONE = "84912345678"
NIGHT = dt.datetime(2026, 2, 13, 23, 30, tzinfo=HCM_ZONE)
MORNING = dt.datetime(2026, 2, 14, 7, 0, tzinfo=HCM_ZONE)


def test_the_quiet_hours_hold_messages_until_seven_but_not_one_time_codes():
    assert send_time(NIGHT, "received") == MORNING
    assert send_time(dt.datetime(2026, 2, 14, 6, 59, tzinfo=HCM_ZONE), "received") == MORNING
    assert send_time(dt.datetime(2026, 2, 13, 21, 59, tzinfo=HCM_ZONE), "received").hour == 21
    assert send_time(NIGHT, ONE_TIME_CODE) == NIGHT


def test_an_event_at_night_is_sent_in_the_morning(providers, receive):
    with time_machine.travel(NIGHT, tick=False):
        receive()
        assert providers.zns.requests == 0
        assert Message.objects.get(channel=MessageChannel.ZNS).status == MessageStatus.CREATED
        assert notify_due_run()["sent"] == 0
    with time_machine.travel(MORNING, tick=False):
        assert notify_due_run()["sent"] == 1
    assert providers.zns.sends[0]["phone"] == PHONE


@time_machine.travel(NIGHT, tick=False)
def test_a_one_time_code_goes_at_night(providers):
    envelope = {"id": str(uuid.uuid4()), "kind": ONE_TIME_CODE, "payload": {}}
    message = message_create(channel=MessageChannel.SMS, recipient=PHONE, dossier=None, envelope=envelope,
                             text="Ma xac minh: 123456")  # fmt: skip
    assert message_send(message_id=message.pk) == "accepted"
    assert providers.sms.sends[0]["Content"] == "Ma xac minh: 123456"


@time_machine.travel(DAYTIME, tick=False)
def test_a_provider_over_its_rate_waits_for_the_next_window(providers, settings):
    settings.LIENTHONG_NOTIFY_RATES = {"sms": "2/60", "zns": "off"}
    outcomes = []
    for n in range(4):
        envelope = {"id": str(uuid.uuid4()), "kind": ONE_TIME_CODE, "payload": {}}
        message = message_create(channel=MessageChannel.SMS, recipient=f"8491234567{n}", dossier=None,
                                 envelope=envelope, text="Ma xac minh: 1")  # fmt: skip
        outcomes.append(message_send(message_id=message.pk))
    assert outcomes == ["accepted", "accepted", "rate-limited", "rate-limited"]
    assert len(providers.sms.sends) == 2
    waiting = Message.objects.filter(status=MessageStatus.CREATED)
    assert all(m.send_after > DAYTIME for m in waiting) and waiting.count() == 2


def test_what_never_gets_a_receipt_times_out_after_72_hours(providers, receive, settings):
    settings.LIENTHONG_SMS_POLL_SECONDS = 10**9  # no polling here: only the timeout
    providers.zns.program(PHONE, callback=False)
    providers.sms.program(PHONE, callback=False)
    with time_machine.travel(DAYTIME, tick=False):
        receive()
    with time_machine.travel(DAYTIME + dt.timedelta(hours=1), tick=False):
        notify_due_run()  # Zalo silent: SMS too, silent as well
    with time_machine.travel(DAYTIME + dt.timedelta(hours=71, minutes=59), tick=False):
        assert notify_due_run()["timed_out"] == 0
    with time_machine.travel(DAYTIME + dt.timedelta(hours=73, minutes=1), tick=False):
        assert notify_due_run()["timed_out"] == 2
    statuses = dict(Message.objects.exclude(channel="email").values_list("channel", "status"))
    assert statuses == {"zns": MessageStatus.TEMPORARY_FAILURE, "sms": MessageStatus.TEMPORARY_FAILURE}
    assert Message.objects.get(channel="zns").changes.last().source == "timeout"


def test_an_sms_report_that_never_came_is_polled(providers, receive, settings):
    settings.LIENTHONG_SMS_POLL_SECONDS = 600
    providers.zns.program(PHONE, refuse=-118)
    with time_machine.travel(DAYTIME, tick=False):
        receive()
    providers.sms.due_callbacks()  # the report is lost on its way
    with time_machine.travel(DAYTIME + dt.timedelta(minutes=11), tick=False):
        assert notify_due_run()["polled"] == 1
    sms = Message.objects.get(channel="sms")
    assert sms.status == MessageStatus.DELIVERED and sms.changes.last().source == "poll"


@time_machine.travel(DAYTIME, tick=False)
def test_the_oa_token_is_refreshed_and_the_refresh_token_replaced(providers, receive, committed_supplement):
    dossier = receive()
    token = ProviderToken.objects.get()
    assert token.access_token == "sim-access-1" and token.refresh_token == "sim-refresh-2"
    providers.zns.expire_tokens()  # revoked before its time: Zalo answers -216

    committed_supplement(dossier)

    token.refresh_from_db()
    assert token.access_token == "sim-access-2" and token.refresh_token == "sim-refresh-3"
    assert providers.zns.refreshes == 2 and len(providers.zns.sends) == 2


@time_machine.travel(DAYTIME, tick=False)
def test_reports_not_from_the_provider_are_refused(providers, client):
    sms = client.post("/thong-bao/bao-nhan/sms/?token=wrong", data="{}", content_type="application/json")
    zns = client.post("/thong-bao/bao-nhan/zns/", data='{"event_name": "user_received_message", "timestamp": "1"}',
                      content_type="application/json", headers={"X-ZEvent-Signature": "mac=00"})  # fmt: skip
    bad = client.post("/thong-bao/bao-nhan/sms/?token=test-callback-token", data="{", content_type="application/json")
    assert (sms.status_code, zns.status_code, bad.status_code) == (403, 403, 400)
    assert sms["Content-Type"] == "application/problem+json"


@time_machine.travel(NIGHT, tick=False)
def test_a_sign_up_code_goes_by_sms_at_once_even_at_night_and_after_an_opt_out(providers, settings):
    from lienthong.accounts.channels import channel_get
    from lienthong.accounts.constants import Purpose
    from lienthong.notify.models import OptOut

    settings.LIENTHONG_SMS_GATEWAY = "lienthong.notify.otp.SmsCodeGateway"
    OptOut.objects.create(channel=MessageChannel.SMS, recipient=PHONE)

    channel_get("sms").send(to="0912 345 678", code="482913", purpose=Purpose.SIGN_UP)

    (sent,) = providers.sms.sends
    assert sent["Phone"] == PHONE and "482913" in sent["Content"]
    assert sent["Content"].startswith("Ma xac minh tai khoan cua ban la 482913.")
    message = Message.objects.get()
    assert (message.kind, message.channel, message.status) == (ONE_TIME_CODE, "sms", MessageStatus.SENDING)


def test_a_code_the_gateway_refuses_is_told_to_the_citizen(providers, settings):
    from lienthong.accounts.channels import ChannelError, channel_get

    settings.LIENTHONG_SMS_GATEWAY = "lienthong.notify.otp.SmsCodeGateway"
    providers.sms.program(PHONE, refuse="99")  # a blocked number
    with pytest.raises(ChannelError):
        channel_get("sms").send(to="0912345678", code="1", purpose="sign_up")
    assert Message.objects.get().status == MessageStatus.PERMANENT_FAILURE
