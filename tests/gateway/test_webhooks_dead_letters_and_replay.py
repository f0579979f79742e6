"""A receiver refusing an event (410, 400) dead-letters it at once; the last failed attempt does too; the unit's
IT officer sees it and replays it (service, admin action, API); another agency's system receives nothing."""

import uuid

import pytest
from django.test import override_settings

from lienthong.gateway.webhooks.constants import DeliveryState
from lienthong.gateway.webhooks.models import WebhookDelivery
from lienthong.gateway.webhooks.services import delivery_replay, subscription_create
from lienthong.org.constants import Role
from lienthong.org.models import OfficerRole
from tests.gateway.webhook_receiver import Receiver
from tests.gateway.webhook_support import dossier_through_steps, run_tasks

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [410, 400])
def test_a_refusal_dead_letters_at_once_and_the_next_event_goes(
    api,
    system,
    local_procedure,
    new_dossier,
    receiver,
    subscription,
    status,
):
    receiver.answers.append(status)
    dossier_through_steps(api, new_dossier, "MC-1", actions=("receive",))
    run_tasks()
    dead = WebhookDelivery.objects.get(state=DeliveryState.DEAD)
    assert (dead.event.seq, dead.attempts, dead.last_status) == (1, 1, status)
    assert [(r.data["seq"], r.answered) for r in receiver.received] == [(1, status), (2, 204)]


@override_settings(LIENTHONG_WEBHOOK_SCHEDULE="0,0")
def test_after_the_last_attempt_the_delivery_is_dead(api, system, local_procedure, new_dossier,
                                                     receiver, subscription):  # fmt: skip
    receiver.answers.extend([502, 502, 502])
    dossier_through_steps(api, new_dossier, "MC-2", actions=())
    for _ in range(4):
        run_tasks()
    dead = WebhookDelivery.objects.get()
    assert (dead.state, dead.attempts) == (DeliveryState.DEAD, 3)
    assert list(dead.attempt_log.values_list("status", flat=True)) == [502, 502, 502]


def test_replay_of_a_dead_letter_delivers_it_with_the_same_id(
    api,
    system,
    local_procedure,
    new_dossier,
    receiver,
    subscription,
):
    receiver.answers.append(410)
    dossier_through_steps(api, new_dossier, "MC-3", actions=())
    run_tasks()
    dead = WebhookDelivery.objects.get(state=DeliveryState.DEAD)
    # the system sees it and asks for it again through the API
    listed = api.get("/webhooks/deliveries", state="dead").json()
    assert [d["id"] for d in listed] == [dead.pk]
    response = api.post(f"/webhooks/deliveries/{dead.pk}/replay")
    assert response.status_code == 202, response.content
    run_tasks()
    dead.refresh_from_db()
    assert dead.state == DeliveryState.DELIVERED
    assert [r.answered for r in receiver.received] == [410, 204]
    assert receiver.received[0].webhook_id == receiver.received[1].webhook_id
    # a delivered one is not replayed
    assert api.post(f"/webhooks/deliveries/{dead.pk}/replay").status_code == 409


def test_the_it_officer_of_the_unit_sees_and_replays_dead_letters_in_the_admin(
    client,
    api,
    system,
    other_system,
    local_procedure,
    new_dossier,
    receiver,
    subscription,
    django_user_model,
):
    receiver.answers.append(410)
    dossier_through_steps(api, new_dossier, "MC-4", actions=())
    run_tasks()
    dead = WebhookDelivery.objects.get(state=DeliveryState.DEAD)
    officer = django_user_model.objects.create_user(username="it", password=uuid.uuid4().hex, is_staff=True)
    OfficerRole.objects.create(user=officer, agency=system.agency, role=Role.IT_OFFICER)
    outsider = django_user_model.objects.create_user(username="it2", password=uuid.uuid4().hex, is_staff=True)
    OfficerRole.objects.create(user=outsider, agency=other_system.agency, role=Role.IT_OFFICER)
    url = "/admin/gateway/webhookdelivery/"
    client.force_login(outsider)
    assert f"{dead.pk}/change/" not in client.get(url).content.decode()
    client.force_login(officer)
    assert client.get(url).status_code == 200 and f"{dead.pk}/change/" in client.get(url).content.decode()
    response = client.post(url, {"action": "replay", "_selected_action": [dead.pk]})
    assert response.status_code == 302
    dead.refresh_from_db()
    assert dead.state == DeliveryState.PENDING
    run_tasks()
    dead.refresh_from_db()
    assert dead.state == DeliveryState.DELIVERED


def test_a_system_of_another_agency_receives_nothing_of_this_agencys_dossiers(
    api,
    system,
    other_system,
    local_procedure,
    new_dossier,
    receiver,
    subscription,
):
    elsewhere = Receiver().start()
    try:
        subscription_create(system=other_system, url=elsewhere.url, kinds=[])
        dossier_through_steps(api, new_dossier, "MC-5", actions=("receive", "forward"))
        run_tasks()
        assert len(receiver.delivered()) == 3
        assert elsewhere.received == []
        assert not WebhookDelivery.objects.filter(subscription__system=other_system).exists()
    finally:
        elsewhere.stop()


def test_a_kinds_filter_and_an_inactive_subscription_are_respected(
    api,
    system,
    local_procedure,
    new_dossier,
    receiver,
):
    subscription_create(system=system, url=receiver.url, kinds=["received"])
    paused = subscription_create(system=system, url=receiver.url, kinds=[])
    paused.is_active = False
    paused.save()
    dossier_through_steps(api, new_dossier, "MC-6", actions=("receive", "forward"))
    run_tasks()
    assert [r.data["kind"] for r in receiver.received] == ["received"]


def test_replay_refuses_a_delivery_that_is_not_dead(api, system, local_procedure, new_dossier,
                                                    receiver, subscription):  # fmt: skip
    from lienthong.gateway.errors import GatewayError

    dossier_through_steps(api, new_dossier, "MC-7", actions=())
    run_tasks()
    with pytest.raises(GatewayError):
        delivery_replay(delivery=WebhookDelivery.objects.get())
