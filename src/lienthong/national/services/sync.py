"""Carrying dossiers to the national portal: each dossier's record (DongBoHoSoMC) and its processing steps
(CapNhatTienDoHoSoMC), with a per-dossier state, bounded retries, and never a second copy on the portal.

Every attempt starts by asking the portal what it holds (TraCuuHoSo), as the portal's own clients do to choose
`isUpdating`; the answer also says which steps it already has, so a retry after a lost acknowledgement sends
only what is missing. Sending is outside any database transaction: a slow portal holds no lock.

One worker at a time sends a dossier: it claims the row with a conditional UPDATE (`claimed_at`), which only one
of two workers can win on any database; a claim older than `CLAIM_LEASE` is taken over (a worker that died).
"""

import datetime as dt
import hashlib
import json
import logging
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.dossiers.models import Dossier
from lienthong.dossiers.selectors import dossier_events, national_status_map
from lienthong.national.client import PortalClient, PortalConfig, PortalRejected, PortalUnavailable
from lienthong.national.constants import NationalError, SyncState
from lienthong.national.files import national_file_link
from lienthong.national.models import NationalSync
from lienthong.national.records import LINK_FIELDS, Payload, Sources, agency_codes_named, national_payload, step_key
from lienthong.national.simulator import contract
from lienthong.org.models import Agency

log = logging.getLogger(__name__)
BACKOFF_BASE = dt.timedelta(seconds=30)
CLAIM_LEASE = dt.timedelta(minutes=10)  # longer than any attempt: four calls, each within the timeout


def connector_enabled() -> bool:
    return bool(settings.LIENTHONG_NATIONAL_PORTAL_URL)


def portal_client() -> PortalClient:
    return PortalClient(PortalConfig.from_settings())


def backoff(attempts: int, *, retry_after: float | None = None) -> dt.timedelta:
    """30 s, 1 min, 2 min, … doubling up to the cap; the portal's Retry-After if longer, within the same cap."""
    cap = dt.timedelta(seconds=settings.LIENTHONG_NATIONAL_BACKOFF_CAP)
    delay = min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), cap)
    if retry_after is not None:
        delay = max(delay, min(dt.timedelta(seconds=retry_after), cap))
    return delay


# -- the outbox subscriber ---------------------------------------------------------------------------------------


def national_on_event(envelope: dict[str, Any]) -> None:
    """Note that the portal must hear of this event; the send is a task after commit, so a portal that is down
    never holds the outbox (whose retries are for our own failures)."""
    if not envelope.get("dossier_code"):
        return  # a dossier without a code cannot be named to the portal; it is synced once it has one
    if sync_mark(dossier_id=envelope["dossier_id"], seq=envelope["seq"]):
        transaction.on_commit(lambda: _enqueue_sync(envelope["dossier_id"]))


def sync_mark(*, dossier_id: int, seq: int, force: bool = False) -> bool:
    """Raise the dossier's target to event `seq`; whether a send is due now. A dossier waiting out a backoff
    keeps its schedule (the next event rides on that retry); `force` (a resync) sends now regardless."""
    now = timezone.now()
    with transaction.atomic():
        sync = _sync_row_locked(dossier_id=dossier_id)
        if seq <= sync.target_seq and not force:
            return False  # an event delivered again: already noted, and sent or scheduled
        waiting = sync.state == SyncState.PENDING and sync.next_attempt_at and sync.next_attempt_at > now
        was_failed = sync.state == SyncState.FAILED
        sync.target_seq = max(sync.target_seq, seq)
        if force or not waiting:
            sync.state, sync.next_attempt_at = SyncState.PENDING, now
            if force or was_failed:
                sync.attempts = 0
        sync.save()
        return sync.next_attempt_at <= now


def _sync_row_locked(*, dossier_id: int) -> NationalSync:
    rows = NationalSync.objects.select_for_update()
    try:
        with transaction.atomic():
            return rows.get_or_create(dossier_id=dossier_id, defaults={"state": SyncState.PENDING})[0]
    except IntegrityError:  # created meanwhile by another worker (a resync and an event at the same moment)
        return rows.get(dossier_id=dossier_id)


def _enqueue_sync(dossier_id: int, *, at: dt.datetime | None = None) -> None:
    from lienthong.national.tasks import national_sync

    if at is None:
        national_sync.enqueue(dossier_id=dossier_id)
    elif national_sync.get_backend().supports_defer:
        national_sync.using(run_after=at).enqueue(dossier_id=dossier_id)
    # else: an immediate backend cannot wait; `national_sync_due` (cron, or a test) picks it up when due


# -- one attempt -------------------------------------------------------------------------------------------------


def _claim(*, dossier_id: int, now: dt.datetime) -> bool:
    unclaimed = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE)
    due = NationalSync.objects.filter(unclaimed, dossier_id=dossier_id, state=SyncState.PENDING,
                                      next_attempt_at__lte=now)  # fmt: skip
    return due.update(claimed_at=now) == 1


@dataclass(frozen=True)
class Prepared:
    """A dossier as the portal must hear of it now: its record and steps, and how far its events go."""

    dossier: Dossier
    payload: Payload
    seq: int

    @property
    def digest(self) -> str:
        """What is sent, file links aside (they change at every build): equal digests, equal news for the portal."""
        record = dict(self.payload.record)
        for name, items in record.items():
            if isinstance(items, list):
                record[name] = [_without_links(item) for item in items]
        canonical = json.dumps([record, self.payload.steps], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def errors(self) -> list[tuple[str, str]]:
        """The contract's objections to what would be sent, as our own simulator checks it."""
        return contract.record_errors(self.payload.record) + [
            fault for step in self.payload.steps for fault in contract.step_errors(step)
        ]


def _without_links(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    return {name: _without_links(value) if isinstance(value, dict) else
            [_without_links(v) for v in value] if isinstance(value, list) else value
            for name, value in item.items() if name not in LINK_FIELDS}  # fmt: skip


def national_prepare(*, dossier_id: int, status_map: dict[str, int] | None = None, links: bool = True) -> Prepared:
    """Read what the record and steps of a dossier need (a handful of queries whatever its history) and build them."""
    dossier = (
        Dossier.objects.select_related("agency", "procedure_version__procedure__field")
        .prefetch_related("attachments__required_document", "procedure_version__fees")
        .get(pk=dossier_id)
    )
    events = list(dossier_events(dossier_id=dossier_id))
    names = dict(Agency.objects.filter(identifier_code__in=agency_codes_named(events))
                 .values_list("identifier_code", "name"))  # fmt: skip
    sources = Sources(agency_names=names, link=national_file_link if links else None)
    payload = national_payload(dossier=dossier, events=events, status_map=status_map or national_status_map(),
                               sources=sources)  # fmt: skip
    return Prepared(dossier=dossier, payload=payload, seq=events[-1].seq if events else 0)


def national_sync_run(*, dossier_id: int) -> str | None:
    """Send the dossier if it is due and no other worker is sending it; its state afterwards (None: not due)."""
    if not connector_enabled() or not _claim(dossier_id=dossier_id, now=timezone.now()):
        return None
    prepared = national_prepare(dossier_id=dossier_id)
    try:
        _send(portal_client(), record=prepared.payload.record, steps=prepared.payload.steps)
    except PortalUnavailable as exc:
        return _failed(dossier_id, error=str(exc), retry_after=exc.retry_after)
    except PortalRejected as exc:
        return _failed(dossier_id, error=_rejection_text(exc), refused=prepared.digest)
    return _succeeded(dossier_id, seq=prepared.seq, status=prepared.dossier.status,
                      code=prepared.payload.record["TrangThaiHoSo"])  # fmt: skip


def _send(client: PortalClient, *, record: dict, steps: list[dict]) -> None:
    held = _lookup(client, record["MaHoSo"])
    try:
        client.call(contract.SYNC, [record], is_updating=held is not None)
    except PortalRejected as exc:
        # The portal's view changed since the look-up: a copy whose acknowledgement we never got (exists), or a
        # record removed on its side (not found). Either way the other mode is the right one, once.
        if exc.code not in (contract.ALREADY_EXISTS, contract.NOT_FOUND):
            raise
        client.call(contract.SYNC, [record], is_updating=exc.code == contract.ALREADY_EXISTS)
    if missing := steps_missing(steps, held_steps=(held or {}).get("QuaTrinhXuLy") or []):
        try:
            client.call(contract.PROGRESS, missing)
        except PortalRejected as exc:
            if exc.code == contract.ALREADY_EXISTS:  # taken, perhaps twice: the next look-up will say
                raise PortalUnavailable(_rejection_text(exc)) from exc
            raise


def _lookup(client: PortalClient, code: str) -> dict | None:
    try:
        return client.call(contract.LOOKUP, [{"MaHoSo": code}]) or None
    except PortalRejected as exc:
        if exc.code == contract.NOT_FOUND:
            return None
        raise


def steps_missing(steps: list[dict], *, held_steps: list[dict]) -> list[dict]:
    """Our steps the portal does not hold yet, in order (counted, so two alike both go)."""
    held = Counter(step_key(step) for step in held_steps if isinstance(step, dict))
    missing = []
    for step in steps:
        if held[step_key(step)] > 0:
            held[step_key(step)] -= 1
        else:
            missing.append(step)
    return missing


def _rejection_text(exc: PortalRejected) -> str:
    details = "; ".join(str(e.get("MoTa") or e) for e in exc.errors[:10] if isinstance(e, dict))
    return f"[{exc.code}] {exc.message}" + (f" ({details})" if details and details not in exc.message else "")


def _succeeded(dossier_id: int, *, seq: int, status: str, code: int) -> str:
    now = timezone.now()
    with transaction.atomic():
        sync = NationalSync.objects.select_for_update().get(dossier_id=dossier_id)
        sync.synced_seq, sync.synced_status, sync.synced_national_code = max(sync.synced_seq, seq), status, code
        sync.attempts, sync.last_error, sync.last_synced_at, sync.claimed_at = 0, "", now, None
        sync.failed_digest = ""
        more = sync.target_seq > sync.synced_seq  # an event committed while we were sending
        sync.state = SyncState.PENDING if more else SyncState.SYNCED
        sync.next_attempt_at = now if more else None
        sync.save()
    if more:
        transaction.on_commit(lambda: _enqueue_sync(dossier_id))
    return sync.state


def _failed(dossier_id: int, *, error: str, retry_after: float | None = None, refused: str = "") -> str:
    """A rejection (`refused`: the digest of what was refused) waits for a change — the next event, a resync, or
    the hourly retry once the record differs; anything else is retried with backoff until the attempts run out."""
    now = timezone.now()
    with transaction.atomic():
        sync = NationalSync.objects.select_for_update().get(dossier_id=dossier_id)
        sync.attempts, sync.last_error, sync.claimed_at = sync.attempts + 1, error[:2000], None
        sync.failed_digest = refused
        if refused or sync.attempts >= settings.LIENTHONG_NATIONAL_MAX_ATTEMPTS:
            sync.state, sync.next_attempt_at = SyncState.FAILED, None
            log.warning("national sync of dossier %s failed after %s attempts: %s", dossier_id, sync.attempts, error)
        else:
            sync.state, sync.next_attempt_at = SyncState.PENDING, now + backoff(sync.attempts, retry_after=retry_after)
        sync.save()
    if sync.next_attempt_at:
        _enqueue_sync(dossier_id, at=sync.next_attempt_at)
    return sync.state


def national_sync_due_ids(*, now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    now = now or timezone.now()
    due = NationalSync.objects.filter(state=SyncState.PENDING, next_attempt_at__lte=now)
    return list(due.order_by("next_attempt_at").values_list("dossier_id", flat=True)[:limit])


# -- failed dossiers, sent again once what failed has changed ---------------------------------------------------


def national_sync_failed_retry(*, limit: int = 500) -> int:
    """Put the failed dossiers whose cause is gone back in line, and send them; how many were retried.

    Refused by the portal: retried when the record and steps we would send now pass the contract and differ from
    what was refused (a mapping, an agency or the dossier was corrected), never the same record again. Out of
    attempts (the portal was unreachable for hours): one more attempt each time, so they go once it is back, and a
    portal still down costs one call per dossier per run."""
    if not connector_enabled():
        return 0
    status_map = national_status_map()
    failed = NationalSync.objects.filter(state=SyncState.FAILED).order_by("updated_at")
    retried = 0
    for sync in failed.only("dossier_id", "failed_digest")[:limit]:
        if sync.failed_digest:
            prepared = national_prepare(dossier_id=sync.dossier_id, status_map=status_map, links=False)
            if prepared.errors() or prepared.digest == sync.failed_digest:
                continue
        retried += _retry_failed(dossier_id=sync.dossier_id, last_chance=not sync.failed_digest)
    return retried


def _retry_failed(*, dossier_id: int, last_chance: bool) -> bool:
    with transaction.atomic():
        sync = NationalSync.objects.select_for_update().filter(dossier_id=dossier_id, state=SyncState.FAILED).first()
        if sync is None:  # sent meanwhile (an event, a resync)
            return False
        sync.state, sync.next_attempt_at = SyncState.PENDING, timezone.now()
        sync.attempts = settings.LIENTHONG_NATIONAL_MAX_ATTEMPTS - 1 if last_chance else 0
        sync.save()
    national_sync_run(dossier_id=dossier_id)
    return True


# -- resync by code ----------------------------------------------------------------------------------------------


def national_resync_many(*, failed_only: bool = False, progress=None) -> Counter[str]:
    """Send every dossier with a code to the portal again now (`failed_only`: those whose sync failed), one after
    the other; how many ended synced, pending (a retry is scheduled) or failed. For a first connection, a portal
    that lost its copies, or a demo: the portal ends holding every dossier as it stands, each once."""
    if not connector_enabled():
        raise NationalError(NationalError.DISABLED, _("Chưa cấu hình kết nối Cổng Dịch vụ công quốc gia."))
    if failed_only:
        rows = NationalSync.objects.filter(state=SyncState.FAILED).values_list("dossier_id", "dossier__event_seq")
    else:
        rows = Dossier.objects.exclude(code=None).values_list("pk", "event_seq")
    states: Counter[str] = Counter()
    for done, (dossier_id, seq) in enumerate(list(rows.order_by("pk")), start=1):
        sync_mark(dossier_id=dossier_id, seq=seq, force=True)
        states[national_sync_run(dossier_id=dossier_id) or SyncState.PENDING] += 1
        if progress:
            progress(done, states)
    return states


def national_resync(*, code: str) -> NationalSync:
    """Send a dossier to the portal again now, whatever its state: after a rejection was fixed, or when the
    portal's copy is in doubt. Steps the portal already holds are not sent twice."""
    if not connector_enabled():
        raise NationalError(NationalError.DISABLED, _("Chưa cấu hình kết nối Cổng Dịch vụ công quốc gia."))
    dossier = Dossier.objects.filter(code=code.strip()).only("pk", "event_seq").first()
    if dossier is None:
        raise NationalError(NationalError.UNKNOWN_DOSSIER, _("Không có hồ sơ mã %(code)s.") % {"code": code})
    sync_mark(dossier_id=dossier.pk, seq=dossier.event_seq, force=True)
    national_sync_run(dossier_id=dossier.pk)
    return NationalSync.objects.get(dossier_id=dossier.pk)
