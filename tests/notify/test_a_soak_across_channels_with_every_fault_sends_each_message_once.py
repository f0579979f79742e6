"""The soak of issue 15 part 3, sized for CI (bench/notify.py runs 10,000): notices and letters across
the three channels — Zalo, SMS and e-mail through a real SMTP server — with every fault the simulators and the
network can give at once: phones not on Zalo (-118), Zalo's quota spent (-124), SMS refused by the gateway (99),
Zalo receipts that come an hour late or never, every report posted two or three times, the mail server down for the
first run, and workers killed mid-send twice (one after a provider's answer, before it was recorded; one between
the claim and the provider's call). Exactly one message per event and channel, no provider request or e-mail twice,
every message final once the 72-hour run has passed (time-travelled)."""

import datetime as dt
import time
import uuid
from collections import Counter
from urllib.parse import urlsplit

import pytest
import time_machine

from lienthong.notify import delivery
from lienthong.notify.constants import FINAL_STATUSES, MessageChannel, MessageStatus
from lienthong.notify.delivery import notify_due_run, phone_route
from lienthong.notify.letters import letter_queue
from lienthong.notify.models import Message
from tests.notify.conftest import DAYTIME

pytestmark = pytest.mark.django_db
N = 200  # events; every 4th is a complaint's letter to an e-mail address and a phone, the rest a dossier notice
LETTER = {"sender": "Trần Thị Lan", "title": "Đèn đường", "agency": "UBND phường", "answer": "Đã sửa.",
          "link": "https://dichvucong.example.vn/phan-anh-kien-nghi/tra-cuu/", "answered_at": None}  # fmt: skip


def _run_until_idle() -> None:
    while notify_due_run()["sent"]:
        pass


def _post_due(providers, *, repeat: int) -> list[int]:
    """Every report due by now (the clock as travelled), each posted `repeat` times; the late ones wait."""
    codes = []
    for provider in (providers.zns, providers.sms):
        for callback in provider.due_callbacks(time.time()):
            url = urlsplit(callback.url)
            for _ in range(repeat):
                response = providers.client.post(f"{url.path}?{url.query}", data=callback.body,
                                                 content_type="application/json", headers=callback.headers)  # fmt: skip
                codes.append(response.status_code)
    return codes


def test_200_events_across_three_channels_end_once_each_in_a_final_status(providers, smtp, monkeypatch):  # noqa: PLR0915
    phones = [f"8490{i:07d}" for i in range(N)]
    not_on_zalo, silent, late = set(phones[7::20]), set(phones[3::50]), set(phones[11::50])  # 5%, 2%, 2%
    sms_refused = set(phones[7::100])  # of those not on Zalo, a quarter are refused by the gateway too
    assert len({*not_on_zalo} & silent) == len(silent & late) == 0
    for phone in not_on_zalo:
        providers.zns.program(phone, refuse=-118)
    for phone in silent:
        providers.zns.program(phone, callback=False)
    for phone in late:
        providers.zns.program(phone, delay=3600)  # an hour: after SMS has taken over
    for phone in sms_refused:
        providers.sms.program(phone, refuse="99")
    quota_out = 6  # 3%
    providers.zns.daily_quota = providers.zns.remaining_quota = N - len(not_on_zalo) - quota_out
    events, letters = [], set()

    with time_machine.travel(DAYTIME, tick=False):
        smtp.stop()  # the mail server is down for the first run
        for n, phone in enumerate(phones):
            key = uuid.uuid4()
            events.append(str(key))
            if n % 4 == 0:
                letter_queue(key=key, kind="complaint_answered", data={**LETTER, "code": f"PAKN-{n:05d}"},
                             emails=[f"nguoi{n}@example.vn"], phone=phone)  # fmt: skip
                letters.add(str(key))
            else:
                payload = {"applicant": f"Người nộp {n}", "code": f"H19-{n:05d}", "due": "17:00 25/02"}
                envelope = {"id": str(key), "kind": "received", "payload": payload}
                phone_route(recipient=phone, dossier=None, envelope=envelope)
        real_sent, real_call, answered = delivery.message_sent, delivery._call_provider, Counter()

        def killed_after_an_answer(**arguments):  # the provider has it; we never recorded its answer
            answered["n"] += 1
            if answered["n"] == 150:
                raise SystemExit("worker killed")
            return real_sent(**arguments)

        monkeypatch.setattr(delivery, "message_sent", killed_after_an_answer)
        with pytest.raises(SystemExit):
            _run_until_idle()
        monkeypatch.setattr(delivery, "message_sent", real_sent)

        def killed_before_the_call(message):  # claimed (`sending`, committed), then the process died
            if message.channel == MessageChannel.SMS and not answered["sms"]:
                answered["sms"] += 1
                raise SystemExit("worker killed")
            return real_call(message)

        monkeypatch.setattr(delivery, "_call_provider", killed_before_the_call)
        with pytest.raises(SystemExit):
            _run_until_idle()
        monkeypatch.setattr(delivery, "_call_provider", real_call)
        _run_until_idle()
        assert set(_post_due(providers, repeat=2)) == {200}

    smtp.start()
    with time_machine.travel(DAYTIME + dt.timedelta(minutes=20), tick=False):
        _run_until_idle()  # silent and late Zalo messages go by SMS; stuck SMS go again; e-mails are retried
        _run_until_idle()
        assert set(_post_due(providers, repeat=3)) == {200}
    with time_machine.travel(DAYTIME + dt.timedelta(hours=2), tick=False):
        _run_until_idle()
        assert set(_post_due(providers, repeat=2)) == {200}  # the late Zalo receipts, an hour on
    with time_machine.travel(DAYTIME + dt.timedelta(hours=73), tick=False):
        notify_due_run(limit=N * 3)

    messages = list(Message.objects.all())
    assert all(m.status in FINAL_STATUSES for m in messages), Counter(m.status for m in messages)
    # exactly one message per event and channel (per recipient: one phone, one address here)
    per_event = Counter((str(m.event_uuid), m.channel) for m in messages)
    assert max(per_event.values()) == 1
    assert {e for e, c in per_event if c == MessageChannel.ZNS} == set(events)
    assert {e for e, c in per_event if c == MessageChannel.EMAIL} == letters
    # nothing twice at any provider: one Zalo request per tracking_id, one SMS per RequestId, one e-mail per Message-ID
    assert max(Counter(s["tracking_id"] for s in providers.zns.sends).values()) == 1
    assert max(Counter(s["RequestId"] for s in providers.sms.sends).values()) == 1
    message_ids = Counter(mail["Message-ID"] for _to, mail in smtp.received)
    assert len(message_ids) == len(letters) and max(message_ids.values()) == 1
    by_channel = Counter((m.channel, m.status) for m in messages)
    assert by_channel[(MessageChannel.EMAIL, MessageStatus.DELIVERED)] == len(letters)
    zns = {m.recipient: m for m in messages if m.channel == MessageChannel.ZNS}
    sms = {m.recipient: m for m in messages if m.channel == MessageChannel.SMS}
    hard = [m for m in zns.values() if m.error_code in ("-118", "-124")]
    assert len(hard) == len(not_on_zalo) + quota_out
    assert all(m.recipient in sms and sms[m.recipient].fallback_of_id == m.pk for m in hard)  # each re-sent by SMS
    assert {sms[p].status for p in sms_refused} == {MessageStatus.PERMANENT_FAILURE}
    assert {sms[p].error_code for p in sms_refused} == {"99"}
    assert {zns[p].status for p in silent} == {MessageStatus.TEMPORARY_FAILURE}  # timed out at 72 h
    assert {zns[p].status for p in late} == {MessageStatus.DELIVERED}  # the late receipt still counts
    assert all(p in sms for p in silent | late)  # and SMS had taken over once no receipt came in 15 minutes
    assert answered["sms"] == 1 and answered["n"] >= 150


def test_a_letter_whose_worker_died_after_the_mail_server_took_it_goes_again_with_its_message_id(smtp, monkeypatch):
    with time_machine.travel(DAYTIME, tick=False):
        [email] = letter_queue(key=uuid.uuid4(), kind="complaint_answered", data={**LETTER, "code": "PAKN-00001"},
                               emails=["lan@example.vn"])  # fmt: skip

        def killed(**arguments):
            raise SystemExit("worker killed")

        monkeypatch.setattr(delivery, "message_sent", killed)
        with pytest.raises(SystemExit):
            delivery.message_send(message_id=email.pk)
        monkeypatch.undo()
    email.refresh_from_db()
    assert email.status == MessageStatus.SENDING and len(smtp.received) == 1  # sent, but we never knew

    with time_machine.travel(DAYTIME + dt.timedelta(minutes=10), tick=False):
        assert notify_due_run()["resent"] == 1
        assert notify_due_run()["resent"] == 0
    email.refresh_from_db()
    assert email.status == MessageStatus.DELIVERED
    first, again = (mail["Message-ID"] for _to, mail in smtp.received)
    assert first == again == f"<{email.uuid}.lienthong@dongnai.gov.vn>"  # a mail system drops the copy
