"""Every change of status of a message to the applicant (notify's one delivery model) is a `message.status` webhook
for the systems of the dossier's agencies that named `message_status` in their subscription — signed like the
dossier events, the recipient's phone or address withheld; a subscription to "every kind" means every dossier
event kind and gets none of them; a message about no dossier (a complaint's letter) tells no system."""

import json
import uuid

import pytest

from lienthong.dossiers.models import Dossier
from lienthong.gateway.webhooks.models import WebhookNotice
from lienthong.gateway.webhooks.services import subscription_create
from lienthong.notify.constants import MessageChannel, MessageStatus
from lienthong.notify.delivery import message_create, message_receipt
from lienthong.notify.outbound import email_letter_queue
from tests.gateway.webhook_support import dossier_through_steps, run_tasks

pytestmark = pytest.mark.django_db
PHONE = "84912345678"


def _sms_about(dossier: Dossier):
    """notify records an SMS about the dossier (created), then the gateway's report that it was delivered."""
    envelope = {"id": str(uuid.uuid4()), "kind": "received"}
    message = message_create(channel=MessageChannel.SMS, recipient=PHONE, dossier=dossier, envelope=envelope,
                             text="Ho so da duoc tiep nhan")  # fmt: skip
    message_receipt(channel=MessageChannel.SMS, reference=str(message.uuid), delivered=True)
    return message


def _sms_configured(settings) -> None:
    settings.LIENTHONG_SMS_URL = "http://127.0.0.1:9"  # never called here: the report comes by hand


def test_each_status_change_reaches_a_system_that_named_message_status(api, system, local_procedure, new_dossier,
                                                                        receiver, settings):  # fmt: skip
    asked = subscription_create(system=system, url=receiver.url, kinds=["message_status"])
    receiver.secret = asked.secret
    code = dossier_through_steps(api, new_dossier, "MC-1", actions=("receive",))
    run_tasks()
    # the dossier's own events are not what it asked for (no SMS set up yet); its e-mail notices, not sent (confirmed
    # by the system it came through; no address), are status changes it hears of
    before = [json.loads(r.body) for r in receiver.delivered()]
    assert sorted((b["type"], b["data"]["channel"], b["data"]["status"], b["data"]["kind"]) for b in before) == [
        ("message.status", "email", "not-sent", "received"), ("message.status", "email", "not-sent", "submitted"),
    ]  # fmt: skip

    _sms_configured(settings)
    message = _sms_about(Dossier.objects.get(code=code))
    run_tasks()

    bodies = [json.loads(r.body) for r in receiver.delivered()][len(before) :]
    assert [(b["type"], b["data"]["status"]) for b in bodies] == [
        ("message.status", MessageStatus.CREATED),
        ("message.status", MessageStatus.DELIVERED),
    ]
    data = bodies[1]["data"]
    assert (data["id"], data["dossier_code"], data["channel"], data["kind"]) == (str(message.uuid), code, "sms",
                                                                                 "received")  # fmt: skip
    assert data["completed_at"] is not None and data["fallback_of"] is None
    assert all(r.verified for r in receiver.received)  # signed with the subscription's secret
    assert [r.webhook_id for r in receiver.received] == [
        str(n.uuid) for n in WebhookNotice.objects.order_by("id")
    ]  # fmt: skip
    assert not any(PHONE.encode() in r.body or b"0912345678" in r.body for r in receiver.received)


def test_a_subscription_to_every_kind_gets_the_dossier_events_but_no_message_status(
    api, system, local_procedure, new_dossier, receiver, settings
):
    _sms_configured(settings)  # the receipt's SMS too (the seeded template) changes status unseen by this system
    everything = subscription_create(system=system, url=receiver.url, kinds=[])
    receiver.secret = everything.secret
    code = dossier_through_steps(api, new_dossier, "MC-2", actions=("receive",))

    _sms_about(Dossier.objects.get(code=code))
    run_tasks()

    types = [json.loads(r.body)["type"] for r in receiver.delivered()]
    assert types and all(t.startswith("dossier.") for t in types)
    assert not WebhookNotice.objects.exists()  # no one asked: nothing written


def test_a_letter_about_no_dossier_tells_no_system(system, receiver, django_capture_on_commit_callbacks):
    subscription_create(system=system, url=receiver.url, kinds=["message_status"])

    email_letter_queue(key=uuid.uuid4(), kind="board_escalation", to=["giamsat@dongnai.example"], subject="S", body="B")

    assert not WebhookNotice.objects.exists()


def test_message_status_is_a_kind_a_system_may_subscribe_to_through_the_api(api, receiver):
    response = api.post("/webhooks", {"url": receiver.url, "kinds": ["message_status", "received"]})

    assert response.status_code == 201, response.content
    assert response.json()["kinds"] == ["message_status", "received"]
    assert api.post("/webhooks", {"url": receiver.url, "kinds": ["message_sent"]}).status_code == 422
