"""The keyed seal of a chain digest (issue 11 §21): HMAC-SHA256 under `LIENTHONG_AUDIT_KEY`, a key that is a setting
and never a row, so someone who can write the database but not read the servers' configuration cannot rewrite an
event and recompute the digests that cover it.

What is sealed: the scheme's name, the previous digest, the period (UTC, microseconds) and every event hash of the
period in (at, id) order, then their count — so a digest moved to another period, chained elsewhere or recounted
does not verify either. Keys rotate: the first of the setting's list seals, every one verifies, each digest naming
its key by `key_id` (an HMAC of a fixed text: it identifies the key without revealing it).

Pure: no model import, so the migration that sealed the digests recorded before keys existed uses it too.
"""

import hashlib
import hmac
from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings

SCHEME = "lienthong-chain-digest-v2"
KEY_ID_TEXT = b"lienthong audit key id"


def audit_keys() -> dict[str, bytes]:
    """Every configured key by its id, the sealing one first."""
    keys = settings.LIENTHONG_AUDIT_KEY
    keys = [keys] if isinstance(keys, str) else keys
    return {key_id(key.encode()): key.encode() for key in keys if key}


def sealing_key() -> tuple[str, bytes]:
    """(key_id, key) that seals new digests: the first listed."""
    keys = audit_keys()
    if not keys:
        raise ValueError("LIENTHONG_AUDIT_KEY is empty: the chain digests cannot be sealed")
    return next(iter(keys.items()))


def key_id(key: bytes) -> str:
    return hmac.new(key, KEY_ID_TEXT, hashlib.sha256).hexdigest()[:16]


def seal(
    key: bytes, *, prev_digest: str, covers_from: datetime | None, covers_until: datetime, hashes: Iterable[str]
) -> tuple[str, int]:
    """(digest, number of hashes) of a period; `hashes` are consumed as they stream."""
    mac = hmac.new(key, f"{SCHEME}\n{prev_digest}\n{_utc(covers_from)}\n{_utc(covers_until)}\n".encode(), "sha256")
    count = 0
    for value in hashes:  # fixed-length hex: plain concatenation is unambiguous
        mac.update(value.encode())
        count += 1
    mac.update(f"\n{count}".encode())
    return mac.hexdigest(), count


def unkeyed_fold(prev_digest: str, hashes: Iterable[str]) -> tuple[str, int]:
    """The digest as it was before keys: sha256(prev_digest + hash + hash + …); read only to seal old digests."""
    fold, count = hashlib.sha256(prev_digest.encode()), 0
    for value in hashes:
        fold.update(value.encode())
        count += 1
    return fold.hexdigest(), count


def _utc(instant: datetime | None) -> str:
    return instant.astimezone(UTC).isoformat(timespec="microseconds") if instant else ""
