"""Issue 11 §14: a stalled query must answer a clean problem, not gunicorn's 500. On PostgreSQL every web connection
starts with `statement_timeout` and `lock_timeout` (dbconfig); a statement that runs out of either is answered 503
with Retry-After — an RFC 9457 problem under /api/, a Vietnamese page elsewhere. Real locks held by another
connection and a real `pg_sleep`, with timeouts made small so the test stays fast."""

import os
import re
import threading

import pytest
from django.db import connection, connections, transaction

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("DATABASE_URL" not in os.environ, reason="statement and lock timeouts are PostgreSQL's"),
]
TRACK = {"code": "000.00.99.H19-260213-0001", "digits": "1234"}


@pytest.fixture
def timeouts(monkeypatch):
    """Reconnect with these start-up options, as a web process built from the settings would; restored after."""

    def use(options: str) -> None:
        monkeypatch.setitem(connection.settings_dict, "OPTIONS", {**connection.settings_dict["OPTIONS"],
                                                                  "options": options})  # fmt: skip
        connection.close()

    yield use
    connection.close()  # the next test connects with the options restored


@pytest.fixture
def dossier_table_locked():
    """Another connection holds the dossier table in ACCESS EXCLUSIVE mode until the test ends."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("LOCK TABLE dossiers_dossier IN ACCESS EXCLUSIVE MODE")
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert locked.wait(5)
    yield
    release.set()
    holder.join()


def test_a_lock_held_elsewhere_past_lock_timeout_is_a_503_problem_under_the_api(client, timeouts, dossier_table_locked):
    timeouts("-c lock_timeout=200")

    response = client.get("/api/v1/track", TRACK)

    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "30"
    assert response.json()["type"] == "urn:lienthong:problem:database_busy"
    assert response.json()["title"] == "Hệ thống đang bận"


def test_the_same_lock_on_a_web_page_is_a_vietnamese_503_page(client, timeouts, dossier_table_locked):
    timeouts("-c lock_timeout=200")

    response = client.get("/tra-cuu/", TRACK)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert re.search(r"<h1[^>]*>Hệ thống đang bận</h1>", page)
    assert "xin thử lại sau 30 giây" in page


def test_a_statement_past_statement_timeout_is_a_503_problem(client, timeouts, monkeypatch):
    timeouts("-c statement_timeout=200")

    def stalled(**kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(5)")

    monkeypatch.setattr("lienthong.portal.api.tracking.track_attempt", stalled)

    response = client.get("/api/v1/track", TRACK)

    assert response.status_code == 503
    assert response.json()["type"] == "urn:lienthong:problem:database_busy"


def test_a_web_connection_starts_with_the_configured_timeouts():
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            statement = cursor.fetchone()[0]
            cursor.execute("SHOW lock_timeout")
            lock = cursor.fetchone()[0]
    finally:
        fresh.close()

    assert (statement, lock) == ("15s", "10s")
