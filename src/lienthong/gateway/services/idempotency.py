"""Idempotency-Key on every POST of a system (the IETF httpapi draft's semantics, as Stripe popularised them).

Same key + same request → the stored response replayed; same key + another request → 422; same key while the
first is still being worked → 409. The record is claimed (inserted "in flight") in a transaction of its own, so a
concurrent duplicate sees it at once; the work and the stored response then commit together, so a response is
stored exactly when the work's writes are. A claim whose process died mid-work is stale after IN_FLIGHT_STALE and
may be taken over. Records expire after IDEMPOTENCY_TTL_HOURS (`idempotency_purge`, a periodic task).
"""

import datetime as dt
import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.gateway.constants import IDEMPOTENCY_TTL_HOURS, IdempotencyState
from lienthong.gateway.errors import GatewayError
from lienthong.gateway.models import ConnectedSystem, IdempotencyRecord

IN_FLIGHT_STALE = dt.timedelta(minutes=10)
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
        if existing.request_hash != fingerprint:
            raise GatewayError(
                GatewayError.IDEMPOTENCY_MISMATCH,
                _("Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác."),
                status=422,
            )
        if existing.state == IdempotencyState.IN_FLIGHT:
            raise GatewayError(
                GatewayError.IDEMPOTENCY_IN_FLIGHT,
                _("Yêu cầu với khóa Idempotency-Key này đang được xử lý; hãy thử lại sau."),
                status=409,
                headers={"Retry-After": "1"},
            )
        return _replay(existing)
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
