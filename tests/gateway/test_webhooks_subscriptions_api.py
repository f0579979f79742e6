"""A system subscribes through the API (scope events:subscribe): the secret is shown once, https is required
(but localhost for development), rotation gives a new secret while the old one still signs, deletion drops it."""

import pytest

from lienthong.gateway.constants import Scope
from lienthong.gateway.services.credentials import key_create
from lienthong.gateway.webhooks.models import WebhookSubscription
from tests.gateway.conftest import SystemClient
from tests.gateway.webhook_support import dossier_through_steps, run_tasks

pytestmark = pytest.mark.django_db


def test_create_shows_the_secret_once_then_lists_without_it(api, system):
    created = api.post("/webhooks", {"url": "https://motcua.example.vn/hooks", "kinds": ["received"]})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["secret"].startswith("whsec_") and body["kinds"] == ["received"]
    listed = api.get("/webhooks").json()
    assert [s["id"] for s in listed] == [body["id"]] and "secret" not in listed[0]
    assert WebhookSubscription.objects.get().system == system


@pytest.mark.parametrize("url", ["http://motcua.example.vn/hooks", "ftp://127.0.0.1/x"])
def test_plain_http_is_refused_except_to_this_machine(api, settings, url):
    settings.LIENTHONG_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]  # this machine, allowed explicitly
    response = api.post("/webhooks", {"url": url})
    assert response.status_code == 422
    assert api.post("/webhooks", {"url": "http://127.0.0.1:9/hooks"}).status_code == 201


def test_an_unknown_kind_or_field_is_refused(api):
    assert api.post("/webhooks", {"url": "https://a.vn/h", "kinds": ["nonsense"]}).status_code == 422
    assert api.post("/webhooks", {"url": "https://a.vn/h", "secret": "mine"}).status_code == 422


def test_the_scope_is_required(client, system):
    token = key_create(system=system, scopes=[Scope.DOSSIERS_READ], actor_label="test").token
    limited = SystemClient(client, token)
    assert limited.get("/webhooks").status_code == 403
    assert limited.post("/webhooks", {"url": "https://a.vn/h"}).status_code == 403


def test_the_same_idempotency_key_creates_one_subscription(api):
    first = api.post("/webhooks", {"url": "https://a.vn/h"}, key="k-1")
    again = api.post("/webhooks", {"url": "https://a.vn/h"}, key="k-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert WebhookSubscription.objects.count() == 1


def test_rotation_signs_with_both_secrets_for_the_overlap(api, system, local_procedure, new_dossier, receiver):
    created = api.post("/webhooks", {"url": receiver.url}).json()
    rotated = api.post(f"/webhooks/{created['id']}/rotate-secret")
    assert rotated.status_code == 200 and rotated.json()["secret"] != created["secret"]
    for secret in (created["secret"], rotated.json()["secret"]):
        receiver.secret = secret
        receiver.received.clear()
        dossier_through_steps(api, new_dossier, f"MC-{secret[-6:]}", actions=())
        run_tasks()
        assert [r.verified for r in receiver.received] == [True]
        assert len(receiver.received[0].headers["webhook-signature"].split(" ")) == 2


def test_delete_and_another_systems_subscription_is_not_found(api, other_api):
    created = api.post("/webhooks", {"url": "https://a.vn/h"}).json()
    assert other_api.client.delete(f"/api/v1/systems/webhooks/{created['id']}",
                                   HTTP_AUTHORIZATION=f"Bearer {other_api.token}").status_code == 404  # fmt: skip
    assert api.client.delete(f"/api/v1/systems/webhooks/{created['id']}",
                             HTTP_AUTHORIZATION=f"Bearer {api.token}").status_code == 204  # fmt: skip
    assert not WebhookSubscription.objects.exists()
