"""The lifecycle's rules that the law or the province may change: defaults here, overrides in admin (core.Rule)."""

from lienthong.core.rules import RuleSpec, rules_register

SUPPLEMENT_CLOCK = "dossiers.supplement_clock"
SUPPLEMENT_NOTICE_WORKING_DAYS = "dossiers.supplement_notice_working_days"
APOLOGY_LEAD_WORKING_DAYS = "dossiers.apology_lead_working_days"
MAX_SUPPLEMENT_REQUESTS = "dossiers.max_supplement_requests"
MAX_APOLOGIES = "dossiers.max_apologies"


def register() -> None:
    rules_register(
        RuleSpec(
            SUPPLEMENT_CLOCK,
            "restart",
            'After a supplement the time limit "restart"s from zero (Decree 61 art. 19(4)) or "resume"s, '
            "pushed back by the time waited (provincial practice; the 766 index subtracts it).",
        ),
        RuleSpec(
            SUPPLEMENT_NOTICE_WORKING_DAYS,
            3,
            "A supplement request after appraisal is due within this many working days of receipt (Decree 61 art. "
            "19(4)).",
        ),
        RuleSpec(
            APOLOGY_LEAD_WORKING_DAYS,
            1,
            "An apology with a new date must come at least this many working days before the due date (Decree 61 "
            "art. 19(9)).",
        ),
        RuleSpec(MAX_SUPPLEMENT_REQUESTS, 1, 'Supplements are asked for "once, fully" (Decree 61 art. 15(3)).'),
        RuleSpec(MAX_APOLOGIES, 1, "A new appointment may be set only once (Decree 61 art. 19(9))."),
    )
