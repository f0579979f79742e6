"""A Django form generated from a procedure's JSON Schema (the electronic tờ khai): the desk types it at intake,
the citizen fills it in online.

Each property gets a fitting input whose HTML attributes (required, type, min/max, maxlength, pattern) let the
browser check it before sending; the form checks it again on the server, and the service validates the result
against the schema once more (dossiers.services.intake.form_errors).
"""

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

PREFIX = "form__"
# `"x-applicant": "<key>"` on a property says it asks what the applicant part of an application already holds (the
# person's name, identity number, …): the online form then does not ask it twice, and fills it from the applicant.
APPLICANT_KEY = "x-applicant"
APPLICANT_FIELDS = {
    "name": "applicant_name",
    "id_number": "applicant_id_number",
    "phone": "applicant_phone",
    "email": "applicant_email",
    "address": "applicant_address",
}


def ordered_properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The schema's properties in the order the form and the printed tờ khai show them."""
    return _ordered(schema)


def _ordered(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Properties in the schema's "x-order" if given; else required ones first, each group as written (jsonb on
    PostgreSQL does not keep the written order, so this must not depend on it for meaning)."""
    properties = schema.get("properties") or {}
    order = schema.get("x-order") or []
    required = schema.get("required") or []
    rank: dict[str, int] = {}
    for i, name in enumerate([*order, *required]):
        rank.setdefault(name, i)  # a property in "x-order" keeps its place there, required or not
    return sorted(properties.items(), key=lambda item: rank.get(item[0], len(rank)))


def _field(name: str, prop: dict[str, Any], *, required: bool) -> forms.Field:
    # A property without a title still needs a visible, accessible label: its key, made readable.
    label = prop.get("title") or name.replace("_", " ").capitalize()
    common = {"label": label, "required": required, "help_text": prop.get("description", "")}
    kind = prop.get("type")
    if "enum" in prop:
        choices = [("", "—")] + [(str(v), str(v)) for v in prop["enum"]]
        return forms.ChoiceField(choices=choices, **common)
    if kind == "boolean":
        return forms.BooleanField(**{**common, "required": False})
    if kind == "integer":
        return forms.IntegerField(min_value=prop.get("minimum"), max_value=prop.get("maximum"), **common)
    if kind == "number":
        return forms.DecimalField(min_value=prop.get("minimum"), max_value=prop.get("maximum"), **common)
    if prop.get("format") == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if prop.get("format") == "email":
        return forms.EmailField(max_length=prop.get("maxLength"), **common)
    validators, attrs = [], {}
    if pattern := prop.get("pattern"):
        validators.append(RegexValidator(re.compile(pattern), _("Giá trị chưa đúng định dạng.")))
        attrs["pattern"] = _browser_pattern(pattern)
    widget = forms.Textarea(attrs={"rows": 2}) if (prop.get("maxLength") or 0) > 255 else forms.TextInput(attrs=attrs)
    return forms.CharField(max_length=prop.get("maxLength"), min_length=prop.get("minLength"), widget=widget,
                           validators=validators, **common)  # fmt: skip


def _browser_pattern(pattern: str) -> str:
    """The HTML `pattern` attribute matches the whole value, where a JSON Schema pattern searches: the schema's
    anchors are dropped, and an unanchored end is allowed anything, so both accept the same values."""
    starts = pattern.startswith("^")
    ends = pattern.endswith("$") and not pattern.endswith("\\$")  # an escaped dollar is a character
    inner = pattern[1 if starts else 0 : len(pattern) - 1 if ends else None]
    return f"{'' if starts else '.*'}(?:{inner}){'' if ends else '.*'}"


def schema_fields(schema: dict[str, Any], *, from_applicant: bool = False) -> dict[str, forms.Field]:
    """A field per property; with `from_applicant`, none for what the applicant part holds (`x-applicant`)."""
    required = set(schema.get("required") or [])
    return {
        PREFIX + name: _field(name, prop, required=name in required)
        for name, prop in _ordered(schema)
        if not (from_applicant and prop.get(APPLICANT_KEY) in APPLICANT_FIELDS)
    }


def schema_applicant_data(schema: dict[str, Any], applicant: dict[str, Any]) -> dict[str, Any]:
    """The properties marked `x-applicant`, filled from the applicant's fields (`applicant_name`, …) that have a
    value."""
    data = {}
    for name, prop in (schema.get("properties") or {}).items():
        value = applicant.get(APPLICANT_FIELDS.get(prop.get(APPLICANT_KEY), ""))
        if value not in ("", None):
            data[name] = value
    return data


def schema_data(cleaned: dict[str, Any]) -> dict[str, Any]:
    """The cleaned fields as the JSON the schema describes (dates as ISO strings, empty values left out)."""
    data = {}
    for key, value in cleaned.items():
        if not key.startswith(PREFIX) or value in ("", None):
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif hasattr(value, "as_integer_ratio") and not isinstance(value, (int, float)):
            value = float(value)  # Decimal → JSON number
        data[key.removeprefix(PREFIX)] = value
    return data
