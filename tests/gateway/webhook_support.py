"""Shared steps of the webhook tests: a receiver fixture, events made through the API, the two tasks run."""

import pytest

from lienthong.dossiers.tasks import outbox_dispatch
from lienthong.gateway.webhooks.services import subscription_create
from lienthong.gateway.webhooks.tasks import webhook_deliver
from tests.gateway.webhook_receiver import Receiver


@pytest.fixture
def receiver(settings):
    """A receiver on this machine: webhooks go to internal addresses only where the operator allows, so the
    loopback is allowed for it, explicitly (docs/integration.md, "Where webhooks may go")."""
    settings.LIENTHONG_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def subscription(system, receiver):
    created = subscription_create(system=system, url=receiver.url, kinds=[])
    receiver.secret = created.secret
    return created


def run_tasks() -> None:
    """What the worker does after the commits: the outbox fans out, then the deliveries go."""
    outbox_dispatch.call()
    webhook_deliver.call()


def dossier_through_steps(api, new_dossier, external_id: str, actions=("receive", "forward")) -> str:
    code = api.post("/dossiers", new_dossier(external_id)).json()["code"]
    for action in actions:
        response = api.post(f"/dossiers/{code}/actions", {"action": action})
        assert response.status_code == 200, response.content
    return code
