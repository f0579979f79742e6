"""A record looked up by its code and the last four digits of a number its owner gave — a dossier
(portal.tracking), a complaint (complaints.lookup) — so that codes, which may be sequential, cannot be enumerated to
read personal data. Both look-ups keep the same limits (LIENTHONG_TRACK_RATE_PER_IP, LIENTHONG_TRACK_RATE_PER_CODE)
on counters of their own, and compare the digits in constant time."""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings

from lienthong.core.ratelimit import rate_parse, window_hit, window_peek

T = TypeVar("T")
NO_DIGITS = b"\x00" * 4  # what a missing number compares as: never equal to four digits


def last_four(value: str, *, digits_only: bool) -> bytes:
    """The last four digits (or letters and digits, for an identity or passport number) of `value`, for a
    constant-time comparison; NO_DIGITS when it has fewer."""
    kept = [c for c in value or "" if (c.isdigit() if digits_only else c.isalnum())]
    four = "".join(kept[-4:]).upper().encode()
    return four if len(four) == 4 else NO_DIGITS


def limited_lookup(*, scope: str, code: str, client: str, find: Callable[[], T | None]) -> tuple[T | None, int | None]:
    """One counted attempt: (what `find` found or None, None), or (None, seconds to wait) past a limit.

    Attempts count per client address; misses count per code, and a code is locked for the rest of its window after
    too many, whether it exists or not: a lock that only existing codes could get would tell which codes exist."""
    per_ip = rate_parse(settings.LIENTHONG_TRACK_RATE_PER_IP)
    per_code = rate_parse(settings.LIENTHONG_TRACK_RATE_PER_CODE)
    code_key = f"{scope}:code:" + hashlib.sha256(code.encode()).hexdigest()[:32]  # codes of any length, none stored
    if per_ip is not None and not (verdict := window_hit(f"{scope}:ip:{client}", per_ip)).allowed:
        return None, verdict.retry_after
    if per_code is not None and not (verdict := window_peek(code_key, per_code)).allowed:
        return None, verdict.retry_after
    found = find()
    if found is None and per_code is not None:
        window_hit(code_key, per_code)
    return found, None
