"""Errors of the gateway: a stable code (the problem's `type`), an HTTP status and a Vietnamese message."""

from lienthong.core.errors import DomainError


class GatewayError(DomainError):
    UNAUTHENTICATED = "unauthenticated"
    SCOPE_MISSING = "scope_missing"
    RATE_LIMITED = "rate_limited"
    NOT_FOUND = "not_found"
    UNKNOWN_PROCEDURE = "unknown_procedure"
    INVALID_CURSOR = "invalid_cursor"
    EXTERNAL_ID_TAKEN = "external_id_taken"
    IDEMPOTENCY_MISMATCH = "idempotency_key_reused"
    IDEMPOTENCY_IN_FLIGHT = "idempotency_key_in_flight"
    INVALID_SCOPE = "invalid_scope"
    KEY_INACTIVE = "key_inactive"

    def __init__(self, code: str, message: str, *, status: int = 422, headers: dict | None = None, **details):
        super().__init__(code, message, **details)
        self.status = status
        self.headers = headers or {}
