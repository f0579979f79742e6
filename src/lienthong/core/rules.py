"""Rules as data: each has a coded default and a legal source; an administrator's `Rule` row overrides it.

Read a rule with `rule_get("calendar.cutoff")`. Defaults live here so a fresh database behaves lawfully.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RuleSpec:
    key: str
    default: Any
    description: str


RULES: dict[str, RuleSpec] = {
    spec.key: spec
    for spec in [
        RuleSpec(
            "calendar.working_periods",
            [["07:30", "11:30"], ["13:30", "17:00"]],
            "Working periods of a working day (civil servants' hours; provinces may set their own).",
        ),
        RuleSpec("calendar.working_weekdays", [0, 1, 2, 3, 4], "Working weekdays, Monday = 0 (Decision 188/1999)."),
        RuleSpec(
            "calendar.cutoff",
            "15:00",
            "After this hour a dossier counts from the next working day (Decree 61 art. 18; Decree 23/2015 art. 7).",
        ),
        RuleSpec(
            "calendar.use_holiday_package", True, "Seed public holidays and make-up days from the `holidays` package."
        ),
    ]
}


def rules_register(*specs: RuleSpec) -> None:
    """Apps add their own rules at start-up (AppConfig.ready), so this module needs no domain knowledge."""
    for spec in specs:
        RULES[spec.key] = spec


def rule_get(key: str) -> Any:
    """The rule's current value: the administrator's row if there is one, else the coded default."""
    from lienthong.core.models import Rule  # imported late: rules are read at run time, not at import

    spec = RULES[key]
    row = Rule.objects.filter(key=key).values_list("value", flat=True).first()
    return spec.default if row is None else row


def rules_get(*keys: str) -> dict[str, Any]:
    """Several rules' current values in one statement (a page that reads four thresholds)."""
    from lienthong.core.models import Rule

    rows = dict(Rule.objects.filter(key__in=keys).values_list("key", "value"))
    return {key: rows.get(key, RULES[key].default) for key in keys}
