"""Deadlines and limits of complaints and recommendations that the law or the province may change (core.Rule).

Decision 766/QĐ-TTg (domain reference §3, index 5.x): refusal ≤ 2 working days, answer ≤ 15 working days,
publication ≤ 2 working days after the answer.
"""

from lienthong.core.rules import RuleSpec, rules_register

REFUSAL_WORKING_DAYS = "complaints.refusal_working_days"
ANSWER_WORKING_DAYS = "complaints.answer_working_days"
PUBLICATION_WORKING_DAYS = "complaints.publication_working_days"
MONITORING_AGENCY = "complaints.monitoring_agency"
SUBMIT_RATE = "complaints.submit_rate"


def register() -> None:
    rules_register(
        RuleSpec(
            REFUSAL_WORKING_DAYS,
            2,
            "A complaint or recommendation may be refused within this many working days of receipt (Decision "
            "766/QĐ-TTg, index 5.x); after it, it must be handled.",
        ),
        RuleSpec(
            ANSWER_WORKING_DAYS,
            15,
            "A complaint or recommendation is answered within this many working days of receipt (Decision 766).",
        ),
        RuleSpec(
            PUBLICATION_WORKING_DAYS,
            2,
            "An answer is published on the portal within this many working days of the answer (Decision 766).",
        ),
        RuleSpec(
            MONITORING_AGENCY,
            "",
            "Identifier code (QCVN 102) of the agency that handles what names no agency: the province's TTHC "
            "control (monitoring) office. Empty: the provincial agency where a monitor holds a role.",
        ),
        RuleSpec(
            SUBMIT_RATE,
            "5/3600",
            "Submissions per client address, as count/seconds; 'off' disables (spam scripts, not people).",
        ),
    )
