"""The one exception of the org app, shared by every kind of write so callers catch a single type."""

from lienthong.core.errors import DomainError


class OrgError(DomainError):
    """A rule of the org app was broken; `code` is stable for the API, the message is for people."""

    UNIT_STILL_IN_FORCE = "unit_still_in_force"
    SUCCESSOR_TOO_EARLY = "successor_too_early"
    UNKNOWN_PARENT = "unknown_parent"
    TERM_BEFORE_CURRENT = "term_before_current"
