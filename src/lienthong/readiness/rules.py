"""Thresholds of the assist list: defaults here, overrides in admin (core.Rule)."""

from lienthong.core.rules import RuleSpec, rules_register

HIGH_SMARTPHONE = "readiness.high_smartphone_share"
LOW_ONLINE = "readiness.low_online_share"
LOW_SMARTPHONE = "readiness.low_smartphone_share"
HIGH_ONLINE = "readiness.high_online_share"
LOW_VNEID = "readiness.low_vneid_share"
HIGH_COUNTER = "readiness.high_counter_share"


def register() -> None:
    rules_register(
        RuleSpec(HIGH_SMARTPHONE, 0.75, "Assist list: a commune whose adults own smartphones at least this share …"),
        RuleSpec(LOW_ONLINE, 0.30, "… and whose dossiers were submitted online less than this share: guide online."),
        RuleSpec(LOW_SMARTPHONE, 0.60, "Assist list: a commune whose adults own smartphones less than this share …"),
        RuleSpec(HIGH_ONLINE, 0.50, "… yet submits online at least this share (done for them): support devices."),
        RuleSpec(
            LOW_VNEID,
            0.50,
            "Villages' assist list: a village whose adults hold VNeID level 2 less than this share (or own smartphones "
            "less than readiness.low_smartphone_share) …",
        ),
        RuleSpec(HIGH_COUNTER, 0.50, "… in a commune whose dossiers came to the counter at least this share."),
    )
