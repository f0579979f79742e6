"""Idempotency-Key: the same key and body replay the stored answer; another body is a 422; a key still in flight
is a 409; a POST without a key is refused."""

import datetime as dt

import pytest
from django.utils import timezone

from lienthong.dossiers.models import Dossier, DossierEvent
from lienthong.gateway.constants import IdempotencyState
from lienthong.gateway.models import IdempotencyRecord
from lienthong.gateway.services.idempotency import idempotency_purge

pytestmark = pytest.mark.django_db


def test_the_same_key_and_body_replay_the_stored_response(api, local_procedure, new_dossier):
    first = api.post("/dossiers", new_dossier("MC-1"), key="k-1")
    # the same JSON with keys in another order is the same request
    again = api.post("/dossiers", dict(reversed(list(new_dossier("MC-1").items()))), key="k-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content and again["Idempotent-Replayed"] == "true"
    assert Dossier.objects.count() == 1 and DossierEvent.objects.count() == 1


def test_a_replayed_action_is_not_applied_twice(api, local_procedure, new_dossier):
    code = api.post("/dossiers", new_dossier("MC-1")).json()["code"]
    for _ in range(2):
        assert api.post(f"/dossiers/{code}/actions", {"action": "receive"}, key="receive-1").status_code == 200
    assert DossierEvent.objects.filter(dossier__code=code).count() == 2


def test_the_same_key_with_another_body_is_a_422_problem(api, local_procedure, new_dossier):
    api.post("/dossiers", new_dossier("MC-1"), key="k-1")
    response = api.post("/dossiers", new_dossier("MC-2"), key="k-1")
    assert response.status_code == 422
    assert response.json()["type"] == "urn:lienthong:problem:gateway.idempotency_key_reused"
    assert Dossier.objects.count() == 1


def test_a_key_in_flight_is_a_409_problem(api, system, local_procedure, new_dossier):
    # given the first request with this key still being worked (its row claimed, no response yet)
    import json

    from lienthong.gateway.services.idempotency import request_fingerprint

    body = new_dossier("MC-1")
    fingerprint = request_fingerprint(method="POST", path="/api/v1/systems/dossiers",
                                      body=json.dumps(body).encode(), content_type="application/json")  # fmt: skip
    now = timezone.now()
    IdempotencyRecord.objects.create(system=system, key="k-1", request_hash=fingerprint,
                                     state=IdempotencyState.IN_FLIGHT, created_at=now,
                                     expires_at=now + dt.timedelta(hours=24))  # fmt: skip
    # when the same request comes again
    response = api.post("/dossiers", body, key="k-1")
    # then
    assert response.status_code == 409
    assert response.json()["type"] == "urn:lienthong:problem:gateway.idempotency_key_in_flight"
    assert not Dossier.objects.exists()


def test_keys_are_per_system(api, other_api, local_procedure, new_dossier):
    assert api.post("/heartbeat", {"version": "1"}, key="same").status_code == 200
    assert "Idempotent-Replayed" not in other_api.post("/heartbeat", {"version": "2"}, key="same")


def test_a_post_without_a_key_is_refused(client, token, local_procedure, new_dossier):
    response = client.post("/api/v1/systems/dossiers", new_dossier(), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip
    assert response.status_code == 422
    assert not Dossier.objects.exists()


def test_records_are_forgotten_after_a_day(api, local_procedure, new_dossier):
    api.post("/heartbeat", {}, key="k-1")
    assert idempotency_purge(now=timezone.now() + dt.timedelta(hours=23)) == 0
    assert idempotency_purge(now=timezone.now() + dt.timedelta(hours=25)) == 1
