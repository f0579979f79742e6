"""Under /api/ an unknown address or a failure answers an RFC 9457 problem document, as every API error does —
never the people's HTML error page (issue 11, item 3)."""

import pytest

from tests.errors.conftest import visitor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("path", "status", "code"), [
    ("/api/v1/khong-co", 404, "not_found"),
    ("/api/v1/hong", 500, "server_error"),
])  # fmt: skip
def test_api_errors_are_problems(path, status, code):
    response = visitor("vi").get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"urn:lienthong:problem:{code}" and body["status"] == status and body["instance"] == path
    assert "the database went away" not in response.content.decode()
