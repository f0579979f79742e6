"""The demo catalogue: data/procedures.json, a file a province edits, turned into `catalogue_import`'s format.

The file is written for people (templates of steps, shares of the time limit, agencies named by key); this module
expands it. Quotas of template steps are shares of the legal limit in working hours, rounded to a quarter hour,
with the step marked `rest` taking what is left, so they always add up to the limit.
"""

import json
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from lienthong.catalogue.constants import FeeDue, TimeUnit
from lienthong.catalogue.fees import fee_kind_of
from lienthong.org.constants import Level

DATA_DIR = Path(__file__).resolve().parent / "data"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_QUARTER = Decimal("0.25")


class DemoDataError(ValueError):
    """The demo data files contradict themselves (a typo in a key, quotas above the limit, …)."""


@cache
def load_json(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def legal_limit_hours(*, unit: str, value: Decimal | None, defaults: Mapping[str, Any]) -> Decimal:
    """The legal time limit in working hours, the budget the step quotas of a process share.

    Calendar days are converted at the average share of working days in a week (5/7); 'immediate' procedures
    (returned the day they are received, Decree 23/2015 art. 7 for certification) get the province's
    `immediate_hours`."""
    per_day = Decimal(defaults["hours_per_working_day"])
    if unit == TimeUnit.IMMEDIATE:
        return Decimal(defaults["immediate_hours"])
    if unit == TimeUnit.WORKING_HOURS:
        return Decimal(value)
    if unit == TimeUnit.WORKING_DAYS:
        return Decimal(value) * per_day
    if unit == TimeUnit.CALENDAR_DAYS:
        return _quarter_down(Decimal(value) * per_day * 5 / 7)
    raise DemoDataError(f"unknown time unit {unit!r}")


def path_hours(steps: Iterable[Mapping[str, Any]]) -> Decimal:
    """Working hours along a process: steps of one parallel group run together and count once, the longest."""
    total, groups = Decimal(0), {}
    for step in steps:
        hours = Decimal(step["quota_hours"])
        group = step.get("parallel_group")
        if group is None:
            total += hours
        else:
            groups[group] = max(groups.get(group, Decimal(0)), hours)
    return total + sum(groups.values(), Decimal(0))


def _quarter_down(hours: Decimal) -> Decimal:
    return (hours / _QUARTER).to_integral_value(rounding="ROUND_FLOOR") * _QUARTER


def _quarter(hours: Decimal) -> Decimal:
    return (hours / _QUARTER).to_integral_value(rounding=ROUND_HALF_UP) * _QUARTER


def _actor(actor: str, *, agency_codes: Mapping[str, str], lead: str | None) -> dict:
    """'commune:<kind>' / 'province:<kind>' → a kind at a level; 'agency:<key>' → that provincial agency's code."""
    scope, _sep, name = actor.partition(":")
    if scope == "agency":
        key = lead if name == "$lead" else name
        if key not in agency_codes:
            raise DemoDataError(f"unknown agency key {key!r} in actor {actor!r}")
        # Named agencies are the province's (agencies.json 'provincial'); commune ones are named by kind.
        return {"level": Level.PROVINCE, "agency_code": agency_codes[key], "agency_kind": ""}
    if scope in (Level.COMMUNE, Level.PROVINCE):
        return {"level": scope, "agency_code": None, "agency_kind": name}
    raise DemoDataError(f"unknown actor {actor!r}")


def _template_steps(template: Mapping[str, Any], budget: Decimal) -> list[dict]:
    steps = [dict(step) for step in template["steps"]]
    for step in steps:
        if not step.get("rest"):
            step["quota_hours"] = _quarter(budget * Decimal(step["share"]) / 100)
    rest = [step for step in steps if step.get("rest")]
    if len(rest) != 1:
        raise DemoDataError("a process template needs exactly one step marked 'rest'")
    rest[0]["quota_hours"] = budget - sum((s["quota_hours"] for s in steps if not s.get("rest")), Decimal(0))
    return steps


def _steps(procedure: Mapping[str, Any], data: Mapping[str, Any], agency_codes: Mapping[str, str], budget: Decimal):
    if "steps" in procedure:
        raw = procedure["steps"]
    else:
        raw = _template_steps(data["processes"][procedure["process"]], budget)
    steps = []
    for position, step in enumerate(raw, start=1):
        steps.append(
            {
                "position": position,
                "name": step["name"],
                **_actor(step["actor"], agency_codes=agency_codes, lead=procedure.get("lead")),
                "role": step["role"],
                "actions": list(step["actions"]),
                "quota_hours": Decimal(step["quota_hours"]),
                "parallel_group": step.get("parallel_group"),
            }
        )
    if path_hours(steps) > budget:
        raise DemoDataError(f"{procedure['national_code']}: step quotas exceed the legal limit ({budget} h)")
    return steps


def _form_schema(form: Mapping[str, Any], fragments: Mapping[str, Any]) -> dict:
    """A standalone JSON Schema object: the shared fragments named in `use`, then the procedure's own fields."""
    properties, required = {}, []
    for name in form.get("use", []):
        properties.update(fragments[name]["properties"])
        required += fragments[name]["required"]
    properties.update(form["properties"])
    required += [key for key in form["required"] if key not in required]
    return {
        "$schema": SCHEMA_DIALECT,
        "title": form["title"],
        "type": "object",
        "properties": properties,
        # The printed tờ khai's order (who asks, then what is asked): PostgreSQL's jsonb does not keep key order.
        "x-order": list(properties),
        "required": required,
        "additionalProperties": False,
    }


def _version(procedure: Mapping[str, Any], data: Mapping[str, Any], agency_codes: Mapping[str, str]) -> dict:
    defaults, limit = data["defaults"], procedure["time_limit"]
    value = Decimal(limit["value"]) if "value" in limit else None
    budget = legal_limit_hours(unit=limit["unit"], value=value, defaults=defaults)
    template = data["processes"].get(procedure.get("process"), {})
    authorities = procedure.get("authorities") or template.get("authorities", [])
    lead = procedure.get("lead")
    return {
        "national_code": procedure["national_code"],
        "field_code": data["_field_codes"][procedure["field"]],
        "decision": procedure.get("decision", defaults["decision"]),
        "decision_date": procedure.get("decision_date", defaults["decision_date"]),
        "effective_from": procedure.get("effective_from", defaults["effective_from"]),
        "is_current": True,
        "name": procedure["name"],
        "time_limit_value": value,
        "time_limit_unit": limit["unit"],
        "time_limit_note": limit.get("note", ""),
        "time_limit_verified": limit["verified"],
        "result_type": procedure["result_type"],
        "online_level": procedure["online_level"],
        "legal_basis": procedure["legal_basis"],
        "submission_methods": procedure.get("submission_methods", defaults["submission_methods"]),
        "applicant_types": procedure.get("applicant_types", defaults["applicant_types"]),
        "form_schema": _form_schema(procedure["form"], data["form_fragments"]),
        # What officials still have to check; never shown to citizens.
        "internal_note": " ".join(
            note for note in (defaults.get("internal_note", ""), limit.get("internal_note", "")) if note
        ),
        "authorities": [_authority(actor, agency_codes, lead) for actor in authorities],
        "documents": [_document(position, doc) for position, doc in enumerate(procedure["documents"], start=1)],
        "fees": [
            {
                "name": f["name"],
                "amount": f["amount"],
                "description": f["description"],
                "verified": f["verified"],
                "internal_note": f.get("internal_note", ""),
                "kind": f.get("kind") or fee_kind_of(f["name"]),
                "code": f.get("code", ""),
                "due": f.get("due", FeeDue.AT_RECEIPT),
                "exempt_groups": "\n".join(f.get("exempt_groups", ())),
            }
            for f in procedure["fees"]
        ],
        "steps": _steps(procedure, data, agency_codes, budget),
    }


def _authority(actor: str, agency_codes: Mapping[str, str], lead: str | None) -> dict:
    resolved = _actor(actor, agency_codes=agency_codes, lead=lead)
    return {"level": resolved["level"], "agency_code": resolved["agency_code"], "agency_kind": resolved["agency_kind"]}


def _document(position: int, doc: Mapping[str, Any]) -> dict:
    return {
        "position": position,
        "code": doc.get("code", f"TP{position:02d}"),
        "name": doc["name"],
        "copy_kind": doc["copy_kind"],
        "quantity": doc.get("quantity", 1),
        "is_mandatory": doc.get("mandatory", True),
        "template_name": doc.get("template", ""),
        "is_declaration": doc.get("declaration", False),
        "note": doc.get("note", ""),
    }


def catalogue_data(*, agency_codes: Mapping[str, str], data: Mapping[str, Any] | None = None) -> dict:
    """The demo catalogue in `catalogue_import`'s format; `agency_codes` maps agencies.json keys to identifier
    codes, so a province that renumbers its agencies edits one file."""
    data = dict(data or load_json("procedures.json"))
    data["_field_codes"] = {field["key"]: field["code"] for field in data["fields"]}
    return {
        "fields": [{"code": field["code"], "name": field["name"]} for field in data["fields"]],
        "procedures": [_version(procedure, data, agency_codes) for procedure in data["procedures"]],
    }
