"""Checks shared by the admin, the XLSX import and the API."""

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError


def check_form_schema(schema: object) -> list[str]:
    """Messages for a form schema that is not a valid JSON Schema object; empty when it is."""
    if schema in ({}, None):
        return []
    if not isinstance(schema, dict):
        return [_("Biểu mẫu phải là một đối tượng JSON Schema.")]
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        return [_("JSON Schema không hợp lệ: %(error)s") % {"error": exc.message}]
    if schema.get("type") != "object":
        return [_('Biểu mẫu phải có "type": "object".')]
    return []
