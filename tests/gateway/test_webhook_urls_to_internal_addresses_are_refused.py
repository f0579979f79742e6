"""Issue 11 point 18: a system could subscribe a webhook to the province's own network (the cloud's metadata service
at 169.254.169.254, 10.x, localhost) and have the servers POST there. Such an address is refused when subscribed — a
422 problem in Vietnamese naming the field — and again when a delivery connects (a name may be re-pointed after
the subscription), unless the operator allows its range in LIENTHONG_WEBHOOK_ALLOWED_NETWORKS."""

import pytest

from lienthong.gateway.errors import GatewayError
from lienthong.gateway.webhooks.constants import DeliveryState
from lienthong.gateway.webhooks.models import WebhookDelivery, WebhookSubscription
from lienthong.gateway.webhooks.services import delivery_replay, subscription_create
from tests.gateway.webhook_support import dossier_through_steps, run_tasks

pytestmark = pytest.mark.django_db

INTERNAL = [
    "https://169.254.169.254/latest/meta-data/",  # link-local: cloud metadata
    "https://10.1.2.3/hooks",
    "https://172.16.0.1/hooks",
    "https://192.168.1.10/hooks",
    "https://100.64.0.1/hooks",  # shared (carrier-grade NAT)
    "https://0.0.0.0/hooks",
    "https://224.0.0.1/hooks",  # multicast
    "http://127.0.0.1:8000/hooks",
    "http://localhost:8000/hooks",
    "https://[::1]/hooks",
    "https://[fe80::1]/hooks",
    "https://[fd00::1]/hooks",  # unique local
    "https://[ff02::1]/hooks",  # multicast
    "https://[::ffff:10.0.0.1]/hooks",  # IPv4-mapped
    "https://[2002:a00:1::]/hooks",  # 6to4 around 10.0.0.1
    "https://[64:ff9b::a9fe:a9fe]/hooks",  # NAT64 around 169.254.169.254
]


@pytest.mark.parametrize("url", INTERNAL)
def test_an_internal_address_is_refused_on_subscription_as_a_problem_naming_the_field(api, url):
    response = api.post("/webhooks", {"url": url})

    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "urn:lienthong:problem:gateway.webhook_url_not_allowed"
    assert problem["field"] == "url" and "địa chỉ nội bộ" in problem["detail"]
    assert not WebhookSubscription.objects.exists()


def test_a_name_that_resolves_to_an_internal_address_is_refused(api, dns):
    dns["hooks.motcua.example"] = ["93.184.216.34", "10.0.0.7"]

    response = api.post("/webhooks", {"url": "https://hooks.motcua.example/lienthong"})

    assert response.status_code == 422 and "10.0.0.7" in response.json()["detail"]


def test_a_public_address_and_a_range_the_operator_allows_are_accepted(api, dns, settings):
    dns["hooks.motcua.example"] = ["93.184.216.34"]
    assert api.post("/webhooks", {"url": "https://hooks.motcua.example/lienthong"}).status_code == 201

    settings.LIENTHONG_WEBHOOK_ALLOWED_NETWORKS = ["10.20.0.0/16", "fd00:1::/32"]
    assert api.post("/webhooks", {"url": "https://10.20.3.4/lienthong"}).status_code == 201
    assert api.post("/webhooks", {"url": "https://[fd00:1::5]/lienthong"}).status_code == 201
    assert api.post("/webhooks", {"url": "https://10.21.0.1/lienthong"}).status_code == 422


def test_a_url_longer_than_the_stored_500_characters_is_a_422_problem(api):
    response = api.post("/webhooks", {"url": "https://a.vn/" + "x" * 500})

    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    [error] = response.json()["errors"]
    assert (error["loc"][-1], error["type"]) == ("url", "url_too_long")


def test_the_service_refuses_a_url_longer_than_500_characters_whoever_calls_it(system):
    with pytest.raises(GatewayError) as refused:
        subscription_create(system=system, url="https://a.vn/" + "x" * 488, kinds=[])
    assert refused.value.status == 422 and refused.value.details["field"] == "url"


def test_a_delivery_is_refused_when_the_address_became_internal_and_dead_lettered_at_once(
    api, system, local_procedure, new_dossier, receiver, settings
):
    # given: a subscription to this machine while the operator allowed its loopback
    subscription = subscription_create(system=system, url=f"http://localhost:{receiver.port}/hooks", kinds=[])
    receiver.secret = subscription.secret
    # when: the allowance is withdrawn before the events go
    settings.LIENTHONG_WEBHOOK_ALLOWED_NETWORKS = []
    dossier_through_steps(api, new_dossier, "MC-1", actions=())
    run_tasks()
    # then: nothing reached the receiver; the delivery is dead at its first attempt, saying why
    dead = WebhookDelivery.objects.get()
    assert receiver.received == []
    assert (dead.state, dead.attempts, dead.last_status) == (DeliveryState.DEAD, 1, None)
    assert "refused: localhost is 127.0.0.1" in dead.last_error
    # and once allowed again, the IT officer's replay delivers it
    settings.LIENTHONG_WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    delivery_replay(delivery=dead)
    run_tasks()
    dead.refresh_from_db()
    assert dead.state == DeliveryState.DELIVERED and [r.verified for r in receiver.received] == [True]


def test_a_name_re_pointed_to_an_internal_address_after_subscribing_is_refused_on_delivery(
    api, system, local_procedure, new_dossier, receiver, dns, settings
):
    # given: a name that resolved to a public address when subscribed
    settings.LIENTHONG_WEBHOOK_ALLOWED_NETWORKS = []
    dns["hooks.motcua.example"] = ["93.184.216.34"]
    subscription_create(system=system, url=f"https://hooks.motcua.example:{receiver.port}/hooks", kinds=[])
    # when: it now resolves to this machine (DNS rebinding)
    dns["hooks.motcua.example"] = ["127.0.0.1"]
    dossier_through_steps(api, new_dossier, "MC-2", actions=())
    run_tasks()
    # then
    dead = WebhookDelivery.objects.get()
    assert receiver.received == [] and dead.state == DeliveryState.DEAD
    assert "refused: hooks.motcua.example is 127.0.0.1" in dead.last_error


def test_a_mistyped_allowed_range_is_reported_by_the_system_checks(settings):
    from lienthong.gateway.webhooks.addresses import allowed_networks_check

    settings.LIENTHONG_WEBHOOK_ALLOWED_NETWORKS = ["10.0.0.0/33"]
    assert [message.id for message in allowed_networks_check()] == ["gateway.E001"]
    settings.LIENTHONG_WEBHOOK_ALLOWED_NETWORKS = ["10.0.0.0/8", "fd00::/8"]
    assert allowed_networks_check() == []


def test_through_the_environments_proxy_the_name_is_checked_before_the_proxy_is_asked(monkeypatch, dns, settings):
    from lienthong.gateway.webhooks import transport

    # given: an HTTPS proxy on this machine (the proxy itself may be internal: it is the operator's)
    settings.LIENTHONG_WEBHOOK_ALLOWED_NETWORKS = []
    monkeypatch.setenv("https_proxy", "http://127.0.0.1:9")
    monkeypatch.delenv("no_proxy", raising=False)
    dns["hooks.motcua.example"] = ["10.0.0.7"]
    # when / then: an internal target is refused without a connection; a public one goes to the proxy
    refused = transport.post("https://hooks.motcua.example/h", b"{}", {}, timeout=2)
    assert refused.refused and "10.0.0.7" in refused.error
    dns["hooks.motcua.example"] = ["93.184.216.34"]
    proxied = transport.post("https://hooks.motcua.example/h", b"{}", {}, timeout=2)
    assert not proxied.refused and "Connection refused" in proxied.error  # nothing listens on the proxy's port
