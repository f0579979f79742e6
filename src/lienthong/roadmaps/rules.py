"""Thresholds of roadmaps: defaults here, overrides in admin (core.Rule)."""

from lienthong.core.rules import RuleSpec, rules_register

RECONNECT_DAYS = "roadmaps.reconnect_working_days"


def register() -> None:
    rules_register(
        RuleSpec(
            RECONNECT_DAYS,
            5,
            "A unit whose system stays disconnected past the board's grace period gets a 'reconnect' roadmap item "
            "due this many working days later.",
        ),
    )
