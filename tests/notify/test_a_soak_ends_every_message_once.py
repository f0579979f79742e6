"""The soak of issue 15, sized for CI (bench/notify.py runs the 10,000): 500 messages through both simulators with
5% of phones not on Zalo (-118), 3% past Zalo's daily quota (-124), 2% whose Zalo receipt never comes, reports
repeated, and a worker killed mid-run. Every message ends in a final status, every hard Zalo failure is re-sent by
SMS, and no provider sent anything twice."""

import datetime as dt
import uuid
from collections import Counter

import pytest
import time_machine

from lienthong.notify import delivery
from lienthong.notify.constants import FINAL_STATUSES, MessageChannel, MessageStatus
from lienthong.notify.delivery import notify_due_run, phone_route
from lienthong.notify.models import Message
from tests.notify.conftest import DAYTIME

pytestmark = pytest.mark.django_db
N = 500


def _run_until_idle():
    while notify_due_run()["sent"]:
        pass


def test_500_messages_end_once_each_in_a_final_status(providers, monkeypatch):
    phones = [f"8490{i:07d}" for i in range(N)]
    not_on_zalo = set(phones[7::20])  # 25 = 5%
    silent = set(phones[3::50])  # 10 = 2%
    assert not_on_zalo.isdisjoint(silent)
    for phone in not_on_zalo:
        providers.zns.program(phone, refuse=-118)
    for phone in silent:
        providers.zns.program(phone, callback=False)
    providers.zns.daily_quota = providers.zns.remaining_quota = N - len(not_on_zalo) - 15  # the last 15 (3%): -124

    with time_machine.travel(DAYTIME, tick=False):
        for n, phone in enumerate(phones):
            envelope = {
                "id": str(uuid.uuid4()),
                "kind": "received",
                "payload": {"applicant": f"Người nộp {n}", "code": f"H19-{n:05d}", "due": "17:00 25/02/2026"},
            }
            phone_route(recipient=phone, dossier=None, envelope=envelope)
        # a worker is killed after its 200th provider answer, before recording it; another takes over
        real, answered = delivery.message_sent, Counter()

        def killed_once(**arguments):
            answered["n"] += 1
            if answered["n"] == 200:
                raise SystemExit("worker killed")
            return real(**arguments)

        monkeypatch.setattr(delivery, "message_sent", killed_once)
        with pytest.raises(SystemExit):
            _run_until_idle()
        monkeypatch.setattr(delivery, "message_sent", real)
        _run_until_idle()
        assert set(providers.reports(repeat=2)) == {200}  # every report arrives twice

    with time_machine.travel(DAYTIME + dt.timedelta(minutes=20), tick=False):
        _run_until_idle()  # silent Zalo messages (and the one whose answer was lost) go by SMS too
        assert set(providers.reports(repeat=2)) == {200}
    with time_machine.travel(DAYTIME + dt.timedelta(hours=73), tick=False):
        notify_due_run()

    messages = list(Message.objects.all())
    assert all(m.status in FINAL_STATUSES for m in messages)
    zns = [m for m in messages if m.channel == MessageChannel.ZNS]
    assert len(zns) == N
    hard = [m for m in zns if m.error_code in ("-118", "-124")]
    # once the quota is spent Zalo is not asked again that day, so a phone not on Zalo past that point is -124 too
    codes = Counter(m.error_code for m in hard)
    assert len(hard) == 40 and codes["-124"] >= 15 and codes["-118"] + codes["-124"] == 40
    fallbacks = Counter(m.fallback_of_id for m in messages if m.channel == MessageChannel.SMS)
    assert all(fallbacks[m.pk] == 1 for m in hard)  # every hard failure re-sent by SMS, once
    assert max(fallbacks.values()) == 1
    assert all(fallbacks[m.pk] == 1 for m in zns if m.recipient in silent)
    assert {m.status for m in zns if m.recipient in silent} == {MessageStatus.TEMPORARY_FAILURE}
    # no duplicate at either provider: one send per tracking_id / RequestId
    tracking = Counter(s["tracking_id"] for s in providers.zns.sends)
    requests = Counter(s["RequestId"] for s in providers.sms.sends)
    assert max(tracking.values()) == 1 and max(requests.values()) == 1
    assert len(providers.sms.sends) == sum(fallbacks.values())
    delivered = Counter((m.channel, m.status) for m in messages)
    assert delivered[(MessageChannel.ZNS, MessageStatus.DELIVERED)] == N - 40 - 10  # the lost answer's receipt too
    assert delivered[(MessageChannel.SMS, MessageStatus.DELIVERED)] == sum(fallbacks.values())
