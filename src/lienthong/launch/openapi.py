"""The OpenAPI document as committed: stable key order and text, so a diff shows a real contract change."""

import json


def openapi_document() -> str:
    from lienthong.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
