"""Failures of account operations, each with a stable code; the pages turn them into Vietnamese messages."""

from enum import StrEnum

from lienthong.core.errors import DomainError


class AccountErrorCode(StrEnum):
    CONTACT_TAKEN = "contact_taken"
    SMS_UNAVAILABLE = "sms_unavailable"
    SEND_FAILED = "send_failed"
    RATE_LIMITED = "rate_limited"
    CODE_WRONG = "code_wrong"
    CODE_LOCKED = "code_locked"
    CODE_EXPIRED = "code_expired"
    CODE_MISSING = "code_missing"
    SIGN_IN_FAILED = "sign_in_failed"


class AccountError(DomainError):
    """The pages word the message from the code and `tries_left` (accounts/views.py): none is carried here."""

    def __init__(self, code: AccountErrorCode, *, retry_after: int | None = None, tries_left: int | None = None):
        super().__init__(code, retry_after=retry_after)
        self.tries_left = tries_left
