"""What a node needs before a load balancer sends it requests: its database reachable and migrated, its cache (when
shared: Redis) and its object store (when configured) reachable. Each check answers a short word, never an
exception's text (which may name hosts or users)."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from lienthong.cacheconfig import cache_is_shared

log = logging.getLogger(__name__)

OK = "ok"
_MIGRATED = {"yes": False}  # once the database is migrated it stays so for this code: asked until it is


def database_check() -> str:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        log.warning("readyz: the database does not answer", exc_info=True)
        return "unreachable"
    if not _MIGRATED["yes"]:
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return "not_migrated"
        _MIGRATED["yes"] = True
    return OK


def cache_check() -> str | None:
    """None when the cache is each process's memory: nothing to reach."""
    if not cache_is_shared(settings.CACHES):
        return None
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        answered = cache.get(key) == "1"
        cache.delete(key)
    except Exception:
        log.warning("readyz: the cache does not answer", exc_info=True)
        return "unreachable"
    return OK if answered else "unreachable"


def storage_check() -> str | None:
    """None when files are on local disk."""
    if not settings.LIENTHONG_S3.enabled:
        return None
    from django.core.files.storage import default_storage

    try:
        default_storage.connection.meta.client.head_bucket(Bucket=settings.LIENTHONG_S3.bucket)
    except Exception:
        log.warning("readyz: the object store does not answer", exc_info=True)
        return "unreachable"
    return OK


def readiness() -> dict[str, str]:
    checks = {"database": database_check(), "cache": cache_check(), "storage": storage_check()}
    return {name: verdict for name, verdict in checks.items() if verdict is not None}
