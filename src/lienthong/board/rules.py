"""Thresholds of the connection board and of escalation: defaults here, overrides in admin (core.Rule)."""

from lienthong.core.rules import RuleSpec, rules_register

DEGRADED_AFTER_MINUTES = "board.degraded_after_minutes"
DISCONNECTED_AFTER_MINUTES = "board.disconnected_after_minutes"
DEGRADED_ERROR_RATE = "board.degraded_error_rate"
ESCALATION_GRACE_HOURS = "board.escalation_grace_hours"
MONITORING_OFFICE_EMAIL = "board.monitoring_office_email"
SYNC_SHARE_DAYS = "board.sync_share_days"
COMPLIANCE_MIN_AVAILABILITY = "board.compliance_min_availability"
COMPLIANCE_MIN_SYNC_SHARE = "board.compliance_min_sync_share"


def register() -> None:
    rules_register(
        RuleSpec(
            DEGRADED_AFTER_MINUTES,
            15,
            "No heartbeat for this many minutes: degraded (provincial rule).",
        ),
        RuleSpec(DISCONNECTED_AFTER_MINUTES, 60, "A system with no heartbeat for this many minutes is disconnected."),
        RuleSpec(
            DEGRADED_ERROR_RATE, 0.05, "A system whose calls failed more than this share in the last hour is degraded."
        ),
        RuleSpec(
            ESCALATION_GRACE_HOURS,
            24,
            "A unit disconnected (or never connected) for this many hours is escalated by e-mail to its head and to "
            "the monitoring office, once per outage.",
        ),
        RuleSpec(MONITORING_OFFICE_EMAIL, "", "The monitoring office's address for escalations (empty: none)."),
        RuleSpec(
            SYNC_SHARE_DAYS, 30, "The period of the share of dossiers synced to the national portal (766 metric 1.4)."
        ),
        RuleSpec(
            COMPLIANCE_MIN_AVAILABILITY,
            0.95,
            "Monthly compliance report: a system available (connected or degraded) less than this share of the "
            "month's known time puts its unit out of compliance.",
        ),
        RuleSpec(
            COMPLIANCE_MIN_SYNC_SHARE,
            0.90,
            "Monthly compliance report: a unit that received dossiers in the month and synced less than this share "
            "of them to the national portal is out of compliance (766 metric 1.4).",
        ),
    )
