"""Idempotency-Key: the same key and body replay the stored answer; another body is a 422; a key still in flight
is a 409 — while its first request lives: on PostgreSQL a retry after the first one's connection died is worked at
once; a POST without a key is refused."""

import datetime as dt
import json
import threading
import time

import pytest
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone

from lienthong.dossiers.models import Dossier, DossierEvent
from lienthong.gateway.constants import IdempotencyState
from lienthong.gateway.errors import GatewayError
from lienthong.gateway.models import IdempotencyRecord
from lienthong.gateway.services.idempotency import (
    claim_lock_key,
    idempotency_purge,
    idempotent_run,
    request_fingerprint,
)

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a claim held by a connection of its own: PostgreSQL's advisory lock"
)


def _fingerprint(body: dict) -> str:
    return request_fingerprint(method="POST", path="/api/v1/systems/dossiers", body=json.dumps(body).encode(),
                               content_type="application/json")  # fmt: skip


def _hold_claim(system, key: str, fingerprint: str):
    """The first request with this key, mid-work: on PostgreSQL a connection of its own whose open transaction
    holds the key's lock (returned, to be closed or killed); on SQLite its row claimed "in flight"."""
    if connection.vendor != "postgresql":
        now = timezone.now()
        IdempotencyRecord.objects.create(system=system, key=key, request_hash=fingerprint,
                                         state=IdempotencyState.IN_FLIGHT, created_at=now,
                                         expires_at=now + dt.timedelta(hours=24))  # fmt: skip
        return None
    holder = connection.get_new_connection(connection.get_connection_params())
    cursor = holder.cursor()
    cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [claim_lock_key(system_id=system.pk, key=key)])
    assert cursor.fetchone()[0]
    return holder


def _terminate(holder) -> None:
    """Kill the holder's backend, as PostgreSQL does when a node dies, and wait until it has exited."""
    pid = holder.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(200):
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if not cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError(f"backend {pid} still running")


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
    # given the first request with this key still being worked (claimed, no response yet)
    body = new_dossier("MC-1")
    holder = _hold_claim(system, "k-1", _fingerprint(body))
    try:
        # when the same request comes again
        response = api.post("/dossiers", body, key="k-1")
    finally:
        if holder is not None:
            holder.close()
    # then
    assert response.status_code == 409 and response["Retry-After"] == "1"
    assert response.json()["type"] == "urn:lienthong:problem:gateway.idempotency_key_in_flight"
    assert not Dossier.objects.exists()


@postgresql_only
def test_a_retry_after_the_first_requests_connection_died_is_applied_at_once(api, system, local_procedure,
                                                                             new_dossier):  # fmt: skip
    # given the first request's claim, held by a connection that then dies (its node killed mid-work)
    body = new_dossier("MC-1")
    holder = _hold_claim(system, "k-1", _fingerprint(body))
    assert api.post("/dossiers", body, key="k-1").status_code == 409  # while it lives
    _terminate(holder)
    # when the system retries: then it is worked at once, once
    retry = api.post("/dossiers", body, key="k-1")
    assert retry.status_code == 201 and "Idempotent-Replayed" not in retry
    again = api.post("/dossiers", body, key="k-1")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true" and again.content == retry.content
    assert Dossier.objects.count() == 1 and DossierEvent.objects.count() == 1
    assert IdempotencyRecord.objects.get(key="k-1").state == IdempotencyState.DONE


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_live_requests_with_one_key_apply_once(system):
    # given a first request mid-work in another thread (a connection of its own)
    entered, release, applied, answers = threading.Event(), threading.Event(), [], []

    def slow_work():
        entered.set()
        assert release.wait(30)
        applied.append("first")
        return JsonResponse({"n": 1}, status=201)

    def first_request():
        try:
            answers.append(idempotent_run(system=system, key="k-1", fingerprint="f", work=slow_work))
        finally:
            connection.close()

    thread = threading.Thread(target=first_request)
    thread.start()
    try:
        assert entered.wait(30)
        # when a second one with the same key comes meanwhile: then it is deferred, not worked
        with pytest.raises(GatewayError) as deferred:
            idempotent_run(system=system, key="k-1", fingerprint="f", work=lambda: applied.append("second"))
        assert (deferred.value.code, deferred.value.status) == (GatewayError.IDEMPOTENCY_IN_FLIGHT, 409)
    finally:
        release.set()
        thread.join(30)
    # and once the first is done, the second's retry gets its answer
    replay = idempotent_run(system=system, key="k-1", fingerprint="f", work=lambda: applied.append("retry"))
    assert applied == ["first"] and answers[0].status_code == 201
    assert replay["Idempotent-Replayed"] == "true" and json.loads(replay.content) == {"n": 1}


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
