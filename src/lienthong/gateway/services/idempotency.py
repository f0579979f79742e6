"""Idempotency-Key on every POST of a system (the IETF httpapi draft's semantics, as Stripe popularised them).

Same key + same request → the stored response replayed; same key + another request → 422; same key while the
first is still being worked → 409. The work and the stored response commit together, so a response is stored
exactly when the work's writes are. Records expire after IDEMPOTENCY_TTL_HOURS (`idempotency_purge`, a periodic
task).

Who is working a key:
- PostgreSQL (every deployment with more than one process): the claim is a transaction-level advisory lock on
  (system, key), taken with pg_try_advisory_xact_lock by the very transaction that does the work and stores the
  response. A concurrent duplicate cannot take it: 409. A request whose process or node dies mid-work leaves
  nothing behind — PostgreSQL ends its session when the connection closes, which rolls the work back and frees
  the lock — so the system's retry is worked at once. A transaction-level lock, not a session's: behind PgBouncer
  in transaction pooling a session is not the request's own, a transaction is.
- SQLite (the embedded single process): the record is claimed (inserted "in flight") in a transaction of its own,
  so a concurrent duplicate sees it at once; a claim whose process died mid-work is stale after IN_FLIGHT_STALE
  and may be taken over.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, connection, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.gateway.constants import IDEMPOTENCY_TTL_HOURS, IdempotencyState
from lienthong.gateway.errors import GatewayError
from lienthong.gateway.models import ConnectedSystem, IdempotencyRecord

IN_FLIGHT_STALE = dt.timedelta(minutes=10)  # SQLite only: PostgreSQL knows at once when a claim's holder is gone
REPLAYED_HEADER = "Idempotent-Replayed"


def request_fingerprint(*, method: str, path: str, body: bytes, content_type: str, post=None, files=None) -> str:
    """sha256 of what the request asks: JSON by its canonical form (key order and spacing do not matter), a
    multipart form by its fields and each file's name and content hash (the boundary does not matter)."""
    digest = hashlib.sha256(f"{method} {path}\n".encode())
    if content_type.startswith("multipart/"):
        for name in sorted(post or {}):
            digest.update(f"f:{name}={post.getlist(name)}\n".encode())
        for name in sorted(files or {}):
            for upload in files.getlist(name):
                content = hashlib.sha256()
                for chunk in upload.chunks():
                    content.update(chunk)
                upload.seek(0)
                digest.update(f"u:{name}={upload.name}:{content.hexdigest()}\n".encode())
        return digest.hexdigest()
    try:
        canonical = json.dumps(json.loads(body or b"null"), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        canonical = body
    digest.update(canonical)
    return digest.hexdigest()


def claim_lock_key(*, system_id: int, key: str) -> int:
    """The advisory lock of (system, key) on PostgreSQL: a signed 64-bit hash, in a namespace of its own. Two keys
    that collide only defer each other (a 409 retried), never run twice."""
    digest = hashlib.blake2b(f"lienthong.idempotency\0{system_id}\0{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _in_flight() -> GatewayError:
    return GatewayError(
        GatewayError.IDEMPOTENCY_IN_FLIGHT,
        _("Yêu cầu với khóa Idempotency-Key này đang được xử lý; hãy thử lại sau."),
        status=409,
        headers={"Retry-After": "1"},
    )


def _stored(record: IdempotencyRecord, fingerprint: str) -> HttpResponse:
    if record.request_hash != fingerprint:
        raise GatewayError(
            GatewayError.IDEMPOTENCY_MISMATCH,
            _("Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác."),
            status=422,
        )
    return _replay(record)


def _run_locked(*, system: ConnectedSystem, key: str, fingerprint: str,
                work: Callable[[], HttpResponse]) -> HttpResponse:  # fmt: skip
    """PostgreSQL: the claim is the work's own transaction holding the key's advisory lock."""
    now = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [claim_lock_key(system_id=system.pk, key=key)])
            held = cursor.fetchone()[0]
        # read after the lock: a holder that has just finished has committed its response before releasing it
        existing = IdempotencyRecord.objects.filter(system=system, key=key).first()
        if existing is not None and existing.state == IdempotencyState.DONE and existing.expires_at > now:
            return _stored(existing, fingerprint)
        if not held:
            raise _in_flight()
        if existing is not None:  # expired, or an in-flight row nobody holds (left by the SQLite-era claim)
            IdempotencyRecord.objects.filter(pk=existing.pk).delete()
        response = work()
        IdempotencyRecord.objects.create(
            system=system, key=key, request_hash=fingerprint, state=IdempotencyState.DONE,
            response_status=response.status_code, response_body=response.content.decode(),
            response_type=response.get("Content-Type", ""),
            created_at=now, expires_at=now + dt.timedelta(hours=IDEMPOTENCY_TTL_HOURS),
        )  # fmt: skip
    return response


def _claim(*, system: ConnectedSystem, key: str, fingerprint: str) -> IdempotencyRecord | HttpResponse:
    """A new in-flight record for us, or the stored response to replay; GatewayError for 409 and 422."""
    now = timezone.now()
    expires = now + dt.timedelta(hours=IDEMPOTENCY_TTL_HOURS)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return IdempotencyRecord.objects.create(
                    system=system, key=key, request_hash=fingerprint, created_at=now, expires_at=expires
                )
        except IntegrityError:
            pass
        existing = IdempotencyRecord.objects.filter(system=system, key=key).first()
        if existing is None:
            continue  # purged in between: claim again
        stale = existing.state == IdempotencyState.IN_FLIGHT and existing.created_at < now - IN_FLIGHT_STALE
        if existing.expires_at <= now or stale:
            IdempotencyRecord.objects.filter(pk=existing.pk).delete()
            continue
        if existing.state == IdempotencyState.IN_FLIGHT and existing.request_hash == fingerprint:
            raise _in_flight()
        return _stored(existing, fingerprint)  # the replay, or the 422 of another request under this key
    raise GatewayError(
        GatewayError.IDEMPOTENCY_IN_FLIGHT, _("Yêu cầu với khóa Idempotency-Key này đang được xử lý."), status=409
    )


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(record.response_body, status=record.response_status, content_type=record.response_type)
    response[REPLAYED_HEADER] = "true"
    return response


def idempotent_run(*, system: ConnectedSystem, key: str, fingerprint: str,
                   work: Callable[[], HttpResponse]) -> HttpResponse:  # fmt: skip
    """Run `work` once per (system, key); its response is stored in the transaction of its writes."""
    if connection.vendor == "postgresql":
        return _run_locked(system=system, key=key, fingerprint=fingerprint, work=work)
    claimed = _claim(system=system, key=key, fingerprint=fingerprint)
    if isinstance(claimed, HttpResponse):
        return claimed
    try:
        with transaction.atomic():
            response = work()
            IdempotencyRecord.objects.filter(pk=claimed.pk).update(
                state=IdempotencyState.DONE, response_status=response.status_code,
                response_body=response.content.decode(), response_type=response.get("Content-Type", ""),
            )  # fmt: skip
    except BaseException:
        IdempotencyRecord.objects.filter(pk=claimed.pk).delete()  # nothing was done: the key may be used again
        raise
    return response


def idempotency_purge(*, now: dt.datetime | None = None) -> int:
    """Forget the records past their expiry; returns how many."""
    deleted, _by_model = IdempotencyRecord.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
