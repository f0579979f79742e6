"""Issue 11 §16 through the systems' API: a result upload declaring 300 MB is a 413 problem naming the limit, given
before a byte of the body is read; no temporary file is written."""

import pytest

from tests.files_stream import MB, endless_post

pytestmark = pytest.mark.django_db


def test_a_300_mb_result_is_a_413_problem_unread(client, token, settings, tmp_path, local_procedure, new_dossier, api):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    code = api.post("/dossiers", new_dossier("MC-1")).json()["code"]

    response, stream = endless_post(client, f"/api/v1/systems/dossiers/{code}/results", "file", declared=300 * MB,
                                    HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IDEMPOTENCY_KEY="lon-1")  # fmt: skip

    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "urn:lienthong:problem:request_too_large"
    assert response.json()["limit_bytes"] == 20 * MB
    assert stream.read_bytes == 0
    assert list(tmp_path.iterdir()) == []
