"""Issue 11 §14, on the embedded database: SQLite gives up after its busy timeout with "database is locked" (the
message Django's wrapper carries); that answers 503 with Retry-After like PostgreSQL's timeouts. Another operational
error — a missing table — is a real fault and stays a 500."""

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db
TRACK = {"code": "000.00.99.H19-260213-0001", "digits": "1234"}


def _raising(message: str):
    def track_attempt(**kwargs):
        raise OperationalError(message)

    return track_attempt


@pytest.mark.parametrize("path", ["/api/v1/track", "/tra-cuu/"])
def test_database_is_locked_is_a_503_with_retry_after(client, monkeypatch, path):
    monkeypatch.setattr("lienthong.portal.tracking.track_attempt", _raising("database is locked"))

    response = client.get(path, TRACK)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Hệ thống đang bận" in response.content.decode()


def test_another_operational_error_stays_a_500(monkeypatch):
    monkeypatch.setattr("lienthong.portal.tracking.track_attempt", _raising("no such table: dossiers_dossier"))

    response = Client(raise_request_exception=False).get("/api/v1/track", TRACK)

    assert response.status_code == 500
