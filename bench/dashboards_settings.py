"""lienthong.settings for bench/dashboards: the production settings and middleware, a read-only database connection
(the bench writes nothing but the cache), the session in a signed cookie (a login writes no session row).
"""

from lienthong.settings import *  # noqa: F403
from lienthong.settings import CACHES, DATABASES

SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = f"{_options.get('options', '')} -c default_transaction_read_only=on".strip()
# The process's cache stands for the shared one (Redis, unbounded here): LocMem's default 300 entries would cull the
# charts the worker drew ahead for the ~115 units' pages in two languages (`--ahead`).
CACHES = {"default": {**CACHES["default"], "OPTIONS": {**CACHES["default"].get("OPTIONS", {}), "MAX_ENTRIES": 100_000}}}
