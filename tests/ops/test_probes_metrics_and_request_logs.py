"""Issue 17 §2, operations: /healthz answers without I/O; /readyz checks the database, the shared cache and the
object store and says which is unreachable (503); /metrics is Prometheus text for an allowed caller only, with
requests by route name and status and the backlogs as the database holds them; every answer carries a request id
(passed through from the load balancer when it is a plain token); LIENTHONG_LOG_FORMAT=json writes one JSON line
per request with no path, query string or identity."""

import json
import logging
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.cacheconfig import cache_config
from lienthong.core.logjson import JsonFormatter
from lienthong.dossiers.models import OutboxMessage
from lienthong.storageconfig import S3Config, storage_config
from tests.processes import free_port, redis_test_url

pytestmark = pytest.mark.django_db
REDIS_URL = redis_test_url()  # a database of the tests' own, one per worker


def _sample(text: str, name: str, **labels) -> float | None:
    """A sample's value from the Prometheus text, matching every label given."""
    for line in text.splitlines():
        if not line.startswith(name + ("{" if labels else " ")) and not line.startswith(name + "{"):
            continue
        if all(f'{key}="{value}"' in line for key, value in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return None


def test_liveness_answers_without_touching_the_database(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert len(queries) == 0
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_readiness_checks_the_database_and_says_ok(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok"}}  # local cache, local disk: no more


def test_readiness_fails_when_the_shared_cache_does_not_answer(client, settings):
    settings.CACHES = {"default": cache_config(url=f"redis://127.0.0.1:{free_port()}/0")}  # nobody listens there
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "cache": "unreachable"}}


def test_readiness_reaches_a_shared_redis(client, settings):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    settings.CACHES = {"default": cache_config(url=REDIS_URL)}
    assert client.get("/readyz").json()["checks"] == {"database": "ok", "cache": "ok"}


def test_readiness_checks_the_object_store(client, settings, seaweed, store):
    assert client.get("/readyz").json()["checks"] == {"database": "ok", "storage": "ok"}

    gone = S3Config(bucket="lienthong-test", endpoint_url=f"http://127.0.0.1:{free_port()}", access_key="x",
                    secret_key="y")  # fmt: skip
    settings.LIENTHONG_S3 = gone
    settings.STORAGES = {**settings.STORAGES, "default": storage_config(s3=gone)}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "storage": "unreachable"}


def test_metrics_count_requests_by_route_and_read_the_outbox(client, settings, province, officers, procedure):
    from tests.backoffice.scope_given import receive

    receive(province, officers, procedure, scan=False)  # a dossier event, and its outbox rows
    waiting = OutboxMessage.objects.filter(delivered_at__isnull=True, dead_at__isnull=True).count()
    before = client.get("/metrics").content.decode()
    client.get("/healthz")
    client.get("/khong-co-trang-nay/0912345678")  # a 404: one "unmatched" label, never the path

    text = client.get("/metrics").content.decode()

    healthz = _sample(text, "lienthong_http_requests_total", route="ops:healthz", method="GET", status="200")
    assert healthz == (_sample(before, "lienthong_http_requests_total", route="ops:healthz", status="200") or 0) + 1
    assert _sample(text, "lienthong_http_requests_total", route="unmatched", status="404") >= 1
    assert _sample(text, "lienthong_http_request_duration_seconds_count", route="ops:healthz") >= 1
    assert _sample(text, "lienthong_outbox_backlog") == waiting
    for gauge in ("lienthong_national_sync_lag_seconds", "lienthong_notification_delivery_failures",
                  "lienthong_webhook_dead", "lienthong_outbox_oldest_age_seconds"):  # fmt: skip
        assert _sample(text, gauge) is not None, gauge
    assert "0912345678" not in text and "khong-co-trang-nay" not in text


def test_metrics_are_refused_outside_the_allowed_networks_without_the_token(client, settings):
    settings.LIENTHONG_METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    settings.LIENTHONG_METRICS_TOKEN = "prometheus-token-0123456789"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    allowed = client.get("/metrics", HTTP_AUTHORIZATION="Bearer prometheus-token-0123456789")
    assert allowed.status_code == 200 and allowed["Content-Type"].startswith("text/plain")


def test_a_json_line_per_request_with_the_request_id_and_no_personal_data(client, settings, caplog):
    settings.LIENTHONG_LOG_FORMAT = "json"
    with caplog.at_level(logging.INFO, logger="lienthong.request"):
        response = client.get("/tra-cuu/", {"ma": "000.00.90.H19-260310-0001", "so": "5678"},
                              HTTP_X_REQUEST_ID="lb-a1b2c3d4e9f0abcd")  # fmt: skip
    assert response["X-Request-ID"] == "lb-a1b2c3d4e9f0abcd"  # the load balancer's id, passed through
    (record,) = [r for r in caplog.records if r.name == "lienthong.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "lb-a1b2c3d4e9f0abcd"
    assert (line["method"], line["route"], line["status"]) == ("GET", "portal:track", response.status_code)
    assert isinstance(line["duration_ms"], float) and line["level"] == "INFO"
    assert "5678" not in json.dumps(line) and "H19" not in json.dumps(line) and "tra-cuu" not in json.dumps(line)


def test_an_unsafe_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_text_logs_write_no_request_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="lienthong.request"):
        client.get("/healthz")
    assert not [r for r in caplog.records if r.name == "lienthong.request"]
