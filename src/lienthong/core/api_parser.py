"""The API's request parser: what it accepts must be storable. PostgreSQL's text cannot hold the NUL character, so
a body or a query string carrying one is refused as invalid (422) before it reaches a model, instead of failing as a
database error (500) on PostgreSQL only (found by schemathesis: tests/gateway/test_every_operation_survives_*)."""

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.errors import ValidationError
from ninja.parser import Parser

NUL = "\x00"
# NUL can only reach a parsed body through these bytes of its text: the JSON escape, or the character itself (JSON
# refuses it raw in a string, but a body in UTF-16 or UTF-32, which `json.loads` also reads, has NUL bytes).
NUL_IN_TEXT = (b"\\u0000", b"\x00")


def _nul_at(value: Any, where: list) -> list | None:
    """The location of the first string holding NUL (a key or a value), or None."""
    if isinstance(value, str):
        return where if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if NUL in str(key):
                return [*where, str(key)]
            if found := _nul_at(item, [*where, key]):
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            if found := _nul_at(item, [*where, index]):
                return found
    return None


def _refuse(location: list) -> ValidationError:
    return ValidationError([{"loc": location, "msg": _("Không được chứa ký tự NUL."), "type": "value_error"}])


class StorableTextParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict:
        data = super().parse_body(request)
        body = request.body
        if not any(marker in body for marker in NUL_IN_TEXT):
            return data  # no NUL anywhere: the walk below (Python, per string) is skipped for the common body
        if location := _nul_at(data, ["body"]):
            raise _refuse(location)
        return data

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> dict:
        parsed = super().parse_querydict(data, list_fields, request)
        if location := _nul_at(parsed, ["query"]):
            raise _refuse(location)
        return parsed
