"""A call without a valid key is a 401 problem, without the scope a 403, past the key's rate a 429 with
Retry-After; none of them reaches the handler."""

import datetime as dt

import pytest
from django.utils import timezone

from lienthong.dossiers.models import Dossier
from lienthong.gateway.constants import Scope
from lienthong.gateway.models import ApiKey
from lienthong.gateway.services.credentials import key_create, key_revoke
from tests.gateway.conftest import API, SystemClient

pytestmark = pytest.mark.django_db


def _problem(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == f"urn:lienthong:problem:gateway.{code}"


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer lt_nope_nope", "Basic dXNlcjpwYXNz", "Bearer garbage"])
def test_a_missing_or_wrong_key_is_a_401_problem(client, system, header):
    response = client.get(API + "/dossiers", HTTP_AUTHORIZATION=header)
    _problem(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_or_expired_key_is_a_401_problem_and_writes_nothing(client, system, local_procedure, new_dossier):
    revoked = key_create(system=system, scopes=Scope.values)
    key_revoke(key=revoked.key)
    expired = key_create(system=system, scopes=Scope.values)
    ApiKey.objects.filter(pk=expired.key.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    for token in (revoked.token, expired.token):
        _problem(SystemClient(client, token).post("/dossiers", new_dossier()), 401, "unauthenticated")
    assert not Dossier.objects.exists()


def test_a_key_of_an_inactive_system_is_refused(client, system, token):
    system.is_active = False
    system.save()
    _problem(SystemClient(client, token).get("/dossiers"), 401, "unauthenticated")


def test_a_key_without_the_scope_is_a_403_problem(client, system, local_procedure, new_dossier):
    reader = SystemClient(client, key_create(system=system, scopes=[Scope.DOSSIERS_READ]).token)
    response = reader.post("/dossiers", new_dossier())
    _problem(response, 403, "scope_missing")
    assert response.json()["required_scope"] == "dossiers:write"
    assert not Dossier.objects.exists()
    _problem(reader.get("/catalogue/procedures"), 403, "scope_missing")


def test_past_the_keys_rate_a_call_is_a_429_problem_with_retry_after(client, system):
    limited = SystemClient(client, key_create(system=system, scopes=Scope.values, rate="3/60").token)
    assert [limited.get("/dossiers").status_code for _ in range(3)] == [200, 200, 200]
    response = limited.get("/dossiers")
    _problem(response, 429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 60


def test_the_rate_is_counted_per_key(client, system, settings):
    settings.LIENTHONG_GATEWAY_KEY_RATE = "2/60"
    first = SystemClient(client, key_create(system=system, scopes=Scope.values).token)
    second = SystemClient(client, key_create(system=system, scopes=Scope.values).token)
    assert [first.get("/dossiers").status_code for _ in range(3)] == [200, 200, 429]
    assert second.get("/dossiers").status_code == 200


def test_a_malformed_body_from_a_valid_key_is_a_422_problem(api, local_procedure):
    response = api.post("/dossiers", {"external_id": "x", "unexpected": 1})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
