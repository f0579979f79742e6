"""The must-show outage test (issue 5): a real receiver is up, goes down for more than an hour while dossiers move,
and comes back. Every event arrives, in order per dossier, none lost; a duplicate carries the same webhook-id; every
signature verifies with the subscription's secret."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from lienthong.dossiers.models import DossierEvent
from lienthong.gateway.webhooks.constants import DeliveryState
from lienthong.gateway.webhooks.models import WebhookAttempt, WebhookDelivery
from tests.gateway.webhook_support import dossier_through_steps, run_tasks

pytestmark = pytest.mark.django_db


def _seqs_by_dossier(received) -> dict[str, list[int]]:
    first_seen: dict[str, list[int]] = {}
    seen_ids: set[str] = set()
    for r in received:
        if r.webhook_id in seen_ids:
            continue
        seen_ids.add(r.webhook_id)
        first_seen.setdefault(r.data["dossier_code"], []).append(r.data["seq"])
    return first_seen


def test_every_event_arrives_in_order_after_an_hour_long_outage(
    api,
    system,
    local_procedure,
    new_dossier,
    receiver,
    subscription,
):
    with time_machine.travel(timezone.now(), tick=True) as clock:
        # given the receiver up: the first dossier's events are delivered
        first = dossier_through_steps(api, new_dossier, "MC-1", actions=("receive",))
        run_tasks()
        assert [r.data["seq"] for r in receiver.delivered()] == [1, 2]

        # when the receiver goes down and dossiers keep moving
        receiver.stop()
        api.post(f"/dossiers/{first}/actions", {"action": "forward"})
        second = dossier_through_steps(api, new_dossier, "MC-2", actions=("receive", "forward"))
        run_tasks()
        pending = WebhookDelivery.objects.filter(state=DeliveryState.PENDING)
        assert pending.count() == 4
        # only the head of each dossier's queue was tried; the later events wait behind it
        assert set(pending.filter(attempts=1).values_list("event__seq", flat=True)) == {1, 3}
        failed = WebhookAttempt.objects.filter(status__isnull=True)
        assert failed.count() == 2 and all("Error" in a.error or "refused" in a.error for a in failed)

        # and the outage lasts 70 minutes, the worker coming back each time a retry falls due
        for _ in range(14):
            clock.shift(dt.timedelta(minutes=5))
            run_tasks()
        assert not WebhookDelivery.objects.filter(state=DeliveryState.DEAD).exists()
        assert WebhookDelivery.objects.filter(state=DeliveryState.PENDING).count() == 4

        # then the receiver comes back; the first attempt after it answers 500 having read the body
        receiver.start()
        receiver.answers.append(500)
        for _ in range(3):
            clock.shift(dt.timedelta(hours=2))
            run_tasks()

    events = DossierEvent.objects.filter(dossier__code__in=[first, second])
    assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {DeliveryState.DELIVERED}
    assert {r.webhook_id for r in receiver.delivered()} == {str(u) for u in events.values_list("uuid", flat=True)}
    assert _seqs_by_dossier(receiver.delivered()) == {first: [1, 2, 3], second: [1, 2, 3]}
    failed_after_reading = [r for r in receiver.received if r.answered == 500]
    assert len(failed_after_reading) == 1
    duplicate_id = failed_after_reading[0].webhook_id
    assert [r.webhook_id for r in receiver.delivered()].count(duplicate_id) == 1  # then delivered, same id
    assert all(r.verified for r in receiver.received)


def test_a_later_event_of_a_dossier_waits_for_the_earlier_one(
    api,
    system,
    local_procedure,
    new_dossier,
    receiver,
    subscription,
):
    # given the receiver answering 503 (with Retry-After) to the first event
    receiver.answers.append((503, {"Retry-After": "600"}))
    with time_machine.travel(timezone.now(), tick=True) as clock:
        dossier_through_steps(api, new_dossier, "MC-3", actions=("receive",))
        run_tasks()
        # then nothing came after the refused first event
        assert [(r.data["seq"], r.answered) for r in receiver.received] == [(1, 503)]
        head = WebhookDelivery.objects.get(event__seq=1)
        assert head.available_at >= timezone.now() + dt.timedelta(seconds=590)  # Retry-After over the 5 s
        # when the wait is over
        clock.shift(dt.timedelta(minutes=11))
        run_tasks()
    assert [(r.data["seq"], r.answered) for r in receiver.received] == [(1, 503), (1, 204), (2, 204)]
    assert receiver.received[0].webhook_id == receiver.received[1].webhook_id


def test_the_body_carries_the_event_and_the_headers_the_scheme(
    api,
    system,
    local_procedure,
    new_dossier,
    receiver,
    subscription,
):
    code = dossier_through_steps(api, new_dossier, "MC-4", actions=())
    run_tasks()
    (only,) = receiver.received
    event = DossierEvent.objects.get(dossier__code=code)
    assert only.headers["webhook-id"] == str(event.uuid)
    assert abs(int(only.headers["webhook-timestamp"]) - timezone.now().timestamp()) < 60
    assert only.headers["webhook-signature"].startswith("v1,")
    assert only.headers["content-type"] == "application/json"
    assert only.data | {"at": None} == {
        "id": str(event.uuid), "kind": "submitted", "seq": 1, "at": None, "dossier_code": code,
        "status_before": event.status_before, "status_after": "submitted", "national_status": 1,
        "payload": {k: v for k, v in event.payload.items() if k not in {"id_number", "phone", "email", "applicant",
                                                                        "address"}},
    }  # fmt: skip
    assert only.verified
