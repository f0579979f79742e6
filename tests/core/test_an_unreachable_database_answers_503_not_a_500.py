"""Issue 17: PgBouncer (or PostgreSQL) gone — killed, restarting, a failover under way. A request that cannot reach
the database answers 503 with Retry-After, as a stalled query does (core/limits.py), never gunicorn's 500; the
node's /readyz names the database unreachable, so the load balancer takes it out; and once the database answers
again, so does the node. The database is made unreachable for real: the connection is pointed at a port where
nothing listens (what a node sees the moment its pooler dies)."""

import os
import re
import socket

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("DATABASE_URL" not in os.environ, reason="a database server to lose is PostgreSQL's"),
]
TRACK = {"code": "000.00.99.H19-260213-0001", "digits": "1234"}


@pytest.fixture
def database_gone(monkeypatch):
    """The next connection goes to a port nothing listens on; `back()` points it at the server again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    real = dict(connection.settings_dict)
    monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(connection.settings_dict, "PORT", str(closed))
    connection.close()

    def back() -> None:
        connection.settings_dict.update(HOST=real["HOST"], PORT=real["PORT"])
        connection.close()

    yield back
    back()


def test_an_api_request_without_its_database_is_a_503_problem(client, database_gone):
    response = client.get("/api/v1/track", TRACK)

    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "30"
    assert response.json()["type"] == "urn:lienthong:problem:database_busy"


def test_a_page_without_its_database_is_a_vietnamese_503_page(client, database_gone):
    response = client.get("/tra-cuu/", TRACK)

    assert response.status_code == 503
    assert re.search(r"<h1[^>]*>Hệ thống đang bận</h1>", response.content.decode())


def test_readiness_says_the_database_is_unreachable_then_ready_once_it_answers(client, database_gone):
    gone = client.get("/readyz")
    assert gone.status_code == 503
    assert gone.json()["checks"]["database"] == "unreachable"

    database_gone()  # the pooler is back

    again = client.get("/readyz")
    assert again.status_code == 200, again.json()
    assert again.json()["checks"]["database"] == "ok"
