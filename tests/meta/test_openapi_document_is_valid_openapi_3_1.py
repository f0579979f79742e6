"""Issue 19 point 5: docs/openapi.json was not valid OpenAPI 3.1 (a parameter's `examples` was a list where a map
is required), so validators and client generators refused it. It is checked here as CI checks it."""

import json
from pathlib import Path

from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV31SpecValidator

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_the_committed_document_is_valid_openapi_3_1():
    document = json.loads(COMMITTED.read_text(encoding="utf-8"))

    validate(document, cls=OpenAPIV31SpecValidator)  # raises with the failing location


def test_its_title_gives_generators_a_usable_package_name():
    title = json.loads(COMMITTED.read_text(encoding="utf-8"))["info"]["title"]

    assert title.isascii() and title.replace(" ", "").isalnum(), title
