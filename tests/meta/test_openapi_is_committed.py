import json
from pathlib import Path

from lienthong.launch.openapi import openapi_document

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_committed_openapi_document_equals_the_one_generated_from_code():
    generated = openapi_document()
    assert COMMITTED.read_text(encoding="utf-8") == generated, (
        "docs/openapi.json is stale: run `lienthong openapi` and commit the result"
    )


def test_openapi_document_is_version_3_1_and_names_the_license():
    document = json.loads(openapi_document())
    assert document["openapi"].startswith("3.1")
    assert document["info"]["license"]["identifier"] == "AGPL-3.0-or-later"
    assert "/api/v1/health" in document["paths"]
