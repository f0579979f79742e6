"""Issue 11 point 17: a NUL in a text path parameter (a dossier or procedure code) reached the database, which
PostgreSQL cannot hold (a 500 there, a silent 404 on SQLite). Every operation of the committed document with a text
path parameter refuses it as invalid input — a 422 problem naming the parameter — on both databases. The walk is
over docs/openapi.json, so an operation added later is held to it too."""

import json
from pathlib import Path

import pytest

DOCUMENT = json.loads((Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text(encoding="utf-8"))
TEXT_PATH_OPERATIONS = [
    (method, path, parameter["name"])
    for path, item in DOCUMENT["paths"].items()
    for method, operation in item.items()
    for parameter in operation.get("parameters", [])
    if parameter["in"] == "path" and parameter["schema"].get("type") == "string" and "format" not in parameter["schema"]
]


def test_the_document_has_text_path_parameters_to_walk():
    assert len(TEXT_PATH_OPERATIONS) >= 4  # the procedure's and the dossier's codes, at least


@pytest.mark.parametrize(("method", "path", "name"), TEXT_PATH_OPERATIONS)
def test_a_nul_in_a_text_path_parameter_is_a_422_problem_naming_it(client, token, method, path, name):
    # given: a key holding every scope, and a code with a NUL in it
    url = path.replace("{" + name + "}", "000.00.98.H19-260213-0001%00x")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_IDEMPOTENCY_KEY": "nul-1"}
    # when
    response = client.generic(method.upper(), url, b"{}", content_type="application/json", **headers)
    # then
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert ["path", name] in [error["loc"] for error in response.json()["errors"]]
