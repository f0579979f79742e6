"""Issue 19 point 6: two models named `HeartbeatOut` (the board's and the systems') left one schema in the document,
so the heartbeat's answer was documented with the board's fields and a generated client failed with KeyError.
The document's generation now stops when two different models share a name; one model used twice is fine."""

import pytest
from ninja import Router, Schema

from lienthong.core.api_openapi import ContractAPI, SchemaNameClashError


def _api_with(*routes: tuple[str, type[Schema]]) -> ContractAPI:
    api = ContractAPI(title="t", urls_namespace="clash-test")
    for prefix, model in routes:
        router = Router()
        router.get("/x", response=model, operation_id=f"{prefix}_x")(lambda request: None)
        api.add_router(f"/{prefix}", router)
    return api


def _heartbeat_out(**fields) -> type[Schema]:
    return type("HeartbeatOut", (Schema,), {"__annotations__": fields})


def test_two_different_models_with_one_name_stop_the_generation():
    api = _api_with(("systems", _heartbeat_out(received_at=str)), ("board", _heartbeat_out(at=str, version=str)))

    with pytest.raises(SchemaNameClashError, match="HeartbeatOut"):
        api.get_openapi_schema(path_prefix="")


def test_one_model_used_by_two_operations_is_one_schema():
    model = _heartbeat_out(received_at=str)
    schema = _api_with(("systems", model), ("board", model)).get_openapi_schema(path_prefix="")

    assert set(schema["components"]["schemas"]) == {"HeartbeatOut"}
