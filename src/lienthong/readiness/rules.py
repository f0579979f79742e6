"""Thresholds of the assist list: defaults here, overrides in admin (core.Rule)."""

from lienthong.core.rules import RuleSpec, rules_register

HIGH_SMARTPHONE = "readiness.high_smartphone_share"
LOW_ONLINE = "readiness.low_online_share"
LOW_SMARTPHONE = "readiness.low_smartphone_share"
HIGH_ONLINE = "readiness.high_online_share"


def register() -> None:
    rules_register(
        RuleSpec(HIGH_SMARTPHONE, 0.75, "Assist list: a commune whose adults own smartphones at least this share …"),
        RuleSpec(LOW_ONLINE, 0.30, "… and whose dossiers were submitted online less than this share: guide online."),
        RuleSpec(LOW_SMARTPHONE, 0.60, "Assist list: a commune whose adults own smartphones less than this share …"),
        RuleSpec(HIGH_ONLINE, 0.50, "… yet submits online at least this share (done for them): support devices."),
    )
