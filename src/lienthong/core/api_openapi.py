"""The API's OpenAPI document as generators and validators read it (docs/openapi.json).

django-ninja writes a good document with gaps this module closes, for every operation of every router:
- a schema name used by two different models: ninja keeps the last one silently, so a response was documented
  with another model's fields (the board's heartbeat shadowed the systems' one) — here it stops the generation;
- a parameter's `examples` copied from its JSON Schema as a list, where OpenAPI 3.1 wants a map of Example Objects
  (openapi-spec-validator and client generators refuse the document), and an enum parameter with a default
  wrapped in a one-item `allOf` (a generator reads it as an object);
- every error answered as an RFC 9457 problem, `application/problem+json`, but documented as `application/json`,
  and the problems every operation may answer whatever its handler declares: 422 for input that fails validation,
  400 for a body that cannot be read (lienthong/api.py's handlers);
- the headers the gateway sends: `Idempotent-Replayed` on the answers of an operation that takes an
  Idempotency-Key (those its handler gives, which are stored and replayed), `Retry-After` on a 429.
"""

import re
from http import HTTPStatus
from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema

from lienthong.core.problems import PROBLEM_CONTENT_TYPE, Problem

IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
REPLAYED = {
    "description": "`true` when this is the stored answer to an earlier request with the same Idempotency-Key "
    "(the work was not done again); absent otherwise.",
    "schema": {"type": "string", "enum": ["true"]},
}
# Refused before the handler runs (the key, its rate, an unreadable body): never stored under the key, never replayed.
NEVER_REPLAYED = frozenset({400, 401, 429})
RETRY_AFTER = {
    "description": "Seconds to wait before trying again.",
    "schema": {"type": "string", "pattern": "^[0-9]+$"},
}


class SchemaNameClashError(ValueError):
    """Two different models under one schema name: rename one (e.g. prefix it with its router's name)."""


class ContractSchema(OpenAPISchema):
    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            if name in self.schemas and self.schemas[name] != definition:
                raise SchemaNameClashError(
                    f"Two different schemas are named {name!r} in the API; give one of the models another name."
                )
        super().add_schema_definitions(definitions)

    def operation_details(self, operation: Operation) -> dict[str, Any]:
        details = super().operation_details(operation)
        for parameter in details.get("parameters", []):
            _examples_as_map(parameter)
            _single_all_of_merged(parameter["schema"])
        idempotent = any(p["in"] == "header" and p["name"] == IDEMPOTENCY_HEADER for p in details.get("parameters", []))
        responses = details["responses"]
        if details.get("parameters") or "requestBody" in details:
            responses.setdefault(422, self._problem(422))
        if "requestBody" in details:
            responses.setdefault(400, self._problem(400))
        for status, response in responses.items():
            _document_response(int(status), response, idempotent=idempotent)
        return details

    def _problem(self, status: int) -> dict[str, Any]:
        schema = Problem.model_json_schema(ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema,
                                           mode="serialization")  # fmt: skip
        self.add_schema_definitions({**schema.pop("$defs", {}), Problem.__name__: schema})
        reference = {"$ref": REF_TEMPLATE.format(model=Problem.__name__)}
        return {"description": HTTPStatus(status).phrase, "content": {"application/json": {"schema": reference}}}


NINJA_EXAMPLE_NAME = re.compile(r"example\d+")


def _examples_as_map(parameter: dict[str, Any]) -> None:
    """OpenAPI's Parameter Object wants `examples` as {name: Example Object}: django-ninja before 1.8 copies the
    schema's list, 1.8 maps it itself as example0, example1, …; both become the names the committed document has
    (example, or example_1, example_2, …), so the contract does not change with the installed version."""
    examples = parameter.get("examples")
    if isinstance(examples, dict) and examples and all(NINJA_EXAMPLE_NAME.fullmatch(name) for name in examples):
        examples = [example.get("value") for example in examples.values()]
    if isinstance(examples, list):
        names = ["example"] if len(examples) == 1 else [f"example_{n}" for n in range(1, len(examples) + 1)]
        parameter["examples"] = {name: {"value": value} for name, value in zip(names, examples, strict=True)}


def _single_all_of_merged(schema: dict[str, Any]) -> None:
    """An enum parameter with a default comes as {"allOf": [the enum], "default": …}: a generator reads that as an
    object (openapi-python-client made an empty class of it); the enum itself, with the default, is what it is."""
    parts = schema.get("allOf")
    if isinstance(parts, list) and len(parts) == 1 and isinstance(parts[0], dict) and "$ref" not in parts[0]:
        del schema["allOf"]
        schema.update({key: value for key, value in parts[0].items() if key not in schema})


def _document_response(status: int, response: dict[str, Any], *, idempotent: bool) -> None:
    content = response.get("content", {})
    if status >= 400 and "application/json" in content:
        response["content"] = {PROBLEM_CONTENT_TYPE: content["application/json"]}  # core.problems.problem_response
    headers = {}
    if idempotent and status not in NEVER_REPLAYED:
        headers[REPLAYED_HEADER] = dict(REPLAYED)
    if status == 429:
        headers["Retry-After"] = dict(RETRY_AFTER)
    if headers:
        response["headers"] = headers


class ContractAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document is `ContractSchema`'s (the served one and `lienthong openapi` alike)."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ContractSchema(api=self, path_prefix=path_prefix)
