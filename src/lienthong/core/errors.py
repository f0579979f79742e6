"""The one shape of a domain's refusal: a stable `code` for machines (the API's problem type, a page's branch) and a
`message` in Vietnamese for people, with what the answer may carry besides (`retry_after`, `details`).

Each app subclasses it with its own codes (`DossierError.NOT_PERMITTED`, `ComplaintError.TOO_MANY`, …) so callers
catch one type per app, and faces turn any of them into a message or an RFC 9457 problem the same way.
"""

from typing import Any


class DomainError(Exception):
    def __init__(self, code: str, message: str = "", *, retry_after: int | None = None, **details: Any) -> None:
        super().__init__(message or str(code))
        self.code = code
        self.message = message
        self.retry_after = retry_after
        self.details = details

    def __str__(self) -> str:
        return str(self.message or self.code)
