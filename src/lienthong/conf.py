"""The one way settings read the environment: every value has a name, a default and a type."""

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env(name: str, default: T, cast: Callable[[str], T] | None = None) -> T:
    """Read LIENTHONG-style settings from the environment, falling back to a documented default."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    if cast is not None:
        return cast(raw)
    if isinstance(default, bool):
        return _to_bool(name, raw)  # type: ignore[return-value]
    if isinstance(default, int):
        return int(raw)  # type: ignore[return-value]
    if isinstance(default, Path):
        return Path(raw).expanduser()  # type: ignore[return-value]
    if isinstance(default, list):
        return [item.strip() for item in raw.split(",") if item.strip()]  # type: ignore[return-value]
    return raw  # type: ignore[return-value]


def _to_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false, not {raw!r}")


# The key a development machine, the demo and the tests sign with. It is published with the source code, so a
# deployment that kept it would let anyone forge a signed link: the production profile refuses it (core/checks.py).
DEVELOPMENT_SECRET_KEY = "insecure-dev-key-change-me-in-production-0123456789abcdef"  # noqa: S105 — public on purpose

PROFILES = ("development", "production")


def proxy_ssl_header(raw: str) -> tuple[str, str] | None:
    """`X-Forwarded-Proto: https` (what the reverse proxy sets on HTTPS requests) as Django's SECURE_PROXY_SSL_HEADER;
    empty: None (no proxy tells us the scheme)."""
    if not raw.strip():
        return None
    name, sep, value = raw.partition(":")
    if not sep or not name.strip() or not value.strip():
        raise ValueError(
            f"LIENTHONG_PROXY_SSL_HEADER is 'Header-Name: value', e.g. 'X-Forwarded-Proto: https', not {raw!r}"
        )
    return "HTTP_" + name.strip().upper().replace("-", "_"), value.strip()
