"""The cache a deployment uses: Redis through LIENTHONG_CACHE_URL, else memory local to each process.

The cache holds only what may be lost — rate-limit counters, memoised reads — never the only copy of anything.
"""

from urllib.parse import urlsplit

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
REDIS = "django.core.cache.backends.redis.RedisCache"  # Django's own; needs the `redis` package installed


def cache_config(*, url: str) -> dict:
    """`redis://host:6379/0` (or `rediss://`, `unix://`): one cache shared by every process and machine; empty or
    `locmem://`: a per-process memory cache, so counters are per gunicorn worker."""
    scheme = urlsplit(url).scheme if url else "locmem"
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": REDIS, "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": LOCMEM, "LOCATION": "lienthong"}
    raise ValueError(f"LIENTHONG_CACHE_URL must be redis://…, rediss://…, unix://… or locmem://, not {url!r}")


def cache_is_shared(caches: dict) -> bool:
    """Whether every process reads the same cache (`settings.CACHES`): not each process's own memory."""
    return caches["default"]["BACKEND"] != LOCMEM


def session_engine(*, cache: dict) -> str:
    """Sessions live in the database; with a shared cache (Redis) they are read through it, so a sign-in or a
    sign-out on one node holds on every node at once. A per-process cache would keep a signed-out session alive on
    the other nodes, so without Redis they are read from the database alone."""
    if cache["BACKEND"] == REDIS:
        return "django.contrib.sessions.backends.cached_db"
    return "django.contrib.sessions.backends.db"
