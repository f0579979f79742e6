"""Refusals of the complaint services: a stable code for machines and a Vietnamese message for people."""

from lienthong.core.errors import DomainError


class ComplaintError(DomainError):
    INVALID = "invalid"
    NOT_PERMITTED = "not_permitted"
    NOT_ALLOWED_IN_STATUS = "not_allowed_in_status"
    REFUSAL_PERIOD_OVER = "refusal_period_over"
    REASON_REQUIRED = "reason_required"
    ANSWER_REQUIRED = "answer_required"
    INVALID_TARGET = "invalid_target"
    TOO_MANY = "too_many"
