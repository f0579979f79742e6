"""Checking the event log: every dossier's hash chain, and the periodic digests that also show a deleted trail.

`chain_verify` proves each dossier's history is whole and unaltered, but cannot see a dossier whose events were
deleted together with the dossier row. `digest_record` (the scheduler runs it every 5 minutes) seals every event
hash into a `ChainDigest` chained to the previous one, and `digest_verify` recomputes those seals, so such a deletion
shows as a period that no longer adds up. Both stream `CHUNK` rows at a time in a constant number of queries, so a
million events take bounded memory and no query per dossier.

The seal is keyed (`audit_seal`, `LIENTHONG_AUDIT_KEY`): whoever rewrites an event and recomputes its chain with
database access alone cannot recompute the digests. Against someone who also holds the key, or deletes the newest
digests with their events, the digests published outside the database (`audit_publish`) are the reference.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.dossiers.audit_seal import audit_keys, seal, sealing_key
from lienthong.dossiers.models import ChainDigest, Dossier, DossierEvent
from lienthong.dossiers.services.eventlog import event_canonical, event_hash

CHUNK = 2000
DIGEST_MARGIN = timedelta(minutes=10)
DIGEST_LOCK = 0x4C54_4449_4745_5354  # pg_advisory_xact_lock key ("LTDIGEST"): one digest writer at a time
EVENT_COLUMNS = ("id", "dossier_id", "seq", "kind", "at", "actor_id", "actor_label", "status_before",
                 "status_after", "payload", "prev_hash", "hash", "dossier__code", "dossier__event_seq",
                 "dossier__event_head")  # fmt: skip


@dataclass(frozen=True)
class Break:
    """One broken link: in a dossier's chain (dossier, event row, seq) or in the digests (digest and its period)."""

    reason: str
    dossier_id: int | None = None
    dossier_code: str | None = None
    event_id: int | None = None
    seq: int | None = None
    digest_id: int | None = None
    covers_from: datetime | None = None
    covers_until: datetime | None = None

    def __str__(self) -> str:
        if self.digest_id is not None:
            where = _("Bản tóm tắt #%(id)s (kỳ %(start)s – %(end)s)") % {
                "id": self.digest_id,
                "start": _when(self.covers_from) if self.covers_from else _("từ đầu"),
                "end": _when(self.covers_until),
            }
        else:
            where = _("Hồ sơ %(code)s (#%(id)s), sự kiện #%(event)s (số %(seq)s)") % {
                "code": self.dossier_code or "—",
                "id": self.dossier_id,
                "event": self.event_id or "—",
                "seq": "—" if self.seq is None else self.seq,
            }
        return f"{where}: {self.reason}"


@dataclass
class AuditReport:
    """What `audit_verify` looked at, and every break it found (the first per dossier, one per digest)."""

    dossiers: int = 0
    events: int = 0
    digests: int = 0
    published: int = 0  # digests compared with their published copies (`audit verify --against`)
    breaks: list[Break] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks


def audit_verify(*, published: list[dict[str, Any]] | None = None) -> AuditReport:
    """Every dossier's chain and every digest, read from one snapshot; and, given the digests published outside
    the database (`audit_publish.published_read`), each of them against its row."""
    from lienthong.dossiers.services.audit_publish import published_verify  # it builds on this module

    with _snapshot():
        report = _chain_scan()
        digest_breaks, report.digests = _digest_scan()
        if published is not None:
            published_breaks, report.published = published_verify(published)
            digest_breaks += published_breaks
    report.breaks += digest_breaks
    return report


def _when(instant: datetime | None) -> str:
    return timezone.localtime(instant).strftime("%d/%m/%Y %H:%M:%S") if instant else "—"


@contextmanager
def _snapshot() -> Iterator[None]:
    """On PostgreSQL, one REPEATABLE READ snapshot, so the counts and the checks describe the same moment.

    Each check is consistent on its own anyway: a dossier's events and its head come from one statement, and the
    digests are bounded by the last one seen first. SQLite is left in autocommit, since this project opens its
    transactions IMMEDIATE (dbconfig) and would hold the write lock for the whole check.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


# -- each dossier's chain ----------------------------------------------------------------------------------------


def chain_verify(*, dossier_ids: Iterable[int] | None = None) -> list[Break]:
    """The first break in each dossier's chain: a gap, a wrong link, altered content, or a head off the end."""
    with _snapshot():
        return _chain_scan(dossier_ids=dossier_ids).breaks


def _chain_scan(*, dossier_ids: Iterable[int] | None = None) -> AuditReport:
    dossiers, events = Dossier.objects.all(), DossierEvent.objects.all()
    if dossier_ids is not None:
        ids = list(dossier_ids)
        dossiers, events = dossiers.filter(pk__in=ids), events.filter(dossier_id__in=ids)
    report = AuditReport(dossiers=dossiers.count())
    trail: _Trail | None = None
    # One pass in (dossier, seq) order — the unique index's — with each dossier's head carried along in the join.
    for row in events.order_by("dossier_id", "seq").values(*EVENT_COLUMNS).iterator(chunk_size=CHUNK):
        report.events += 1
        if trail is None or row["dossier_id"] != trail.dossier_id:
            report.breaks += trail.close() if trail else []
            trail = _Trail(row)
        trail.add(row)
    report.breaks += trail.close() if trail else []
    report.breaks += _emptied(dossiers)
    report.breaks.sort(key=lambda b: b.dossier_id)
    return report


def _emptied(dossiers) -> list[Break]:
    """Dossiers whose head counts events although none is left (the whole trail deleted, the dossier kept)."""
    emptied = dossiers.filter(event_seq__gt=0).exclude(Exists(DossierEvent.objects.filter(dossier=OuterRef("pk"))))
    return [
        Break(
            reason=_("đầu chuỗi của hồ sơ trỏ tới sự kiện số %(head)d nhưng hồ sơ không còn sự kiện nào")
            % {"head": head},
            dossier_id=pk,
            dossier_code=code,
        )
        for pk, code, head in emptied.values_list("pk", "code", "event_seq").iterator(chunk_size=CHUNK)
    ]


class _Trail:
    """One dossier's chain as its events stream past: where it stands, and its first break."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.dossier_id, self.code = row["dossier_id"], row["dossier__code"]
        self.head_seq, self.head_hash = row["dossier__event_seq"], row["dossier__event_head"]
        self.last_id: int | None = None
        self.last_seq, self.last_hash = 0, ""
        self.broken: Break | None = None

    def add(self, row: dict[str, Any]) -> None:
        if self.broken is None and (reason := _link_error(row, last_seq=self.last_seq, last_hash=self.last_hash)):
            self.broken = self._break(reason, event_id=row["id"], seq=row["seq"])
        self.last_id, self.last_seq, self.last_hash = row["id"], row["seq"], row["hash"]

    def close(self) -> list[Break]:
        if self.broken is None and (reason := self._head_error()):
            self.broken = self._break(reason, event_id=self.last_id, seq=self.last_seq)
        return [self.broken] if self.broken else []

    def _head_error(self) -> str | None:
        values = {"head": self.head_seq, "last": self.last_seq}
        if self.head_seq > self.last_seq:
            return _("đầu chuỗi của hồ sơ trỏ tới sự kiện số %(head)d, quá sự kiện cuối cùng (số %(last)d)") % values
        if self.head_seq < self.last_seq:
            return _("có sự kiện sau đầu chuỗi của hồ sơ (đầu chuỗi là sự kiện số %(head)d)") % values
        if self.head_hash != self.last_hash:
            return _("đầu chuỗi của hồ sơ không khớp mã băm của sự kiện cuối cùng")
        return None

    def _break(self, reason: str, *, event_id: int | None, seq: int) -> Break:
        return Break(reason=reason, dossier_id=self.dossier_id, dossier_code=self.code, event_id=event_id, seq=seq)


def _link_error(row: dict[str, Any], *, last_seq: int, last_hash: str) -> str | None:
    """Why `row` does not follow the event (`last_seq`, `last_hash`) before it, or None."""
    seq, expected = row["seq"], last_seq + 1
    if seq > expected:
        if seq == expected + 1:
            return _("thiếu sự kiện số %(seq)d") % {"seq": expected}
        return _("thiếu các sự kiện số %(first)d đến %(last)d") % {"first": expected, "last": seq - 1}
    if seq < expected:
        return _("số thứ tự %(seq)d lặp lại hoặc đi lùi") % {"seq": seq}
    if row["prev_hash"] != last_hash:
        if last_seq == 0:
            return _("sự kiện đầu tiên có prev_hash khác rỗng")
        return _("prev_hash không khớp mã băm của sự kiện số %(seq)d") % {"seq": last_seq}
    if event_hash(row["prev_hash"], _canonical(row)) != row["hash"]:
        return _("nội dung không khớp mã băm: sự kiện đã bị sửa sau khi ghi")
    return None


def _canonical(row: dict[str, Any]) -> str:
    return event_canonical(
        dossier_id=row["dossier_id"], seq=row["seq"], kind=row["kind"], at=row["at"], actor_id=row["actor_id"],
        actor_label=row["actor_label"], status_before=row["status_before"], status_after=row["status_after"],
        payload=row["payload"],
    )  # fmt: skip


# -- digests over all chains -------------------------------------------------------------------------------------


@transaction.atomic
def digest_record(*, until: datetime | None = None, margin: timedelta = DIGEST_MARGIN) -> ChainDigest | None:
    """Fold the hashes of the events recorded since the last digest into a new digest chained to it.

    Covers events with `at` in (the last digest's `covers_until`, `until` − `margin`], in (at, id) order; returns
    None when there is nothing new.
    """
    # The margin: an event's `at` is taken by record_event before its transaction commits, so an event stamped
    # 12:00:00 may only become visible at 12:00:05. Folding right up to now would skip it for good and leave a
    # digest that later fails verification though nothing was deleted. Stopping `margin` short of now trades
    # freshness for that: the newest `margin` of events is only covered by the next run, and a transaction
    # longer than the margin (or an application server whose clock runs that far behind) still causes a false
    # alarm. Ten minutes is far beyond any transaction of this system.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # two digest runs at once would fork the digest chain
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [DIGEST_LOCK])
    previous = ChainDigest.objects.order_by("covers_until", "id").last()
    start = previous.covers_until if previous else None
    end = (until or timezone.now()) - margin
    if start is not None and end <= start:
        return None
    prev_digest = previous.digest if previous else ""
    key_id, key = sealing_key()
    digest, count = seal(key, prev_digest=prev_digest, covers_from=start, covers_until=end,
                         hashes=_hashes_between(start, end))  # fmt: skip
    if not count:
        return None
    return ChainDigest.objects.create(
        covers_from=start, covers_until=end, event_count=count, prev_digest=prev_digest, digest=digest, key_id=key_id
    )


def digest_verify() -> list[Break]:
    """Every digest recomputed from the events of its period: a deleted, added or altered event, a tampered
    digest, or a digest removed from the middle shows as a break naming the digest and its period."""
    with _snapshot():
        return _digest_scan()[0]


def _digest_scan() -> tuple[list[Break], int]:
    digests = ChainDigest.objects.order_by("covers_until", "id")
    first, last = digests.first(), digests.last()
    if first is None:
        return [], 0
    events = _Lookahead(_events_between(first.covers_from, last.covers_until).values_list("at", "hash"))
    breaks, previous, count, keys = [], None, 0, audit_keys()
    # Bounded by `last`: a digest recorded while this runs is left for the next check, not compared to no events.
    for digest in digests.filter(covers_until__lte=last.covers_until).iterator(chunk_size=CHUNK):
        count += 1
        recomputed, found = seal(keys.get(digest.key_id, b""), prev_digest=digest.prev_digest,
                                 covers_from=digest.covers_from, covers_until=digest.covers_until,
                                 hashes=events.until(digest.covers_until))  # fmt: skip
        if reason := _digest_error(digest, previous, recomputed=recomputed, found=found, keys=keys):
            breaks.append(Break(reason=reason, digest_id=digest.pk, covers_from=digest.covers_from,
                                covers_until=digest.covers_until))  # fmt: skip
        previous = digest
    return breaks, count


def _digest_error(digest: ChainDigest, previous: ChainDigest | None, *, recomputed: str, found: int,
                  keys: dict[str, bytes]) -> str | None:  # fmt: skip
    if digest.prev_digest != (previous.digest if previous else ""):
        if previous is None:
            return _("bản tóm tắt đầu tiên lại nối vào một bản trước: các bản tóm tắt trước nó đã bị xóa")
        return _("không nối vào bản tóm tắt trước (#%(id)s): bản tóm tắt bị sửa hoặc bị xóa") % {"id": previous.pk}
    if digest.covers_from != (previous.covers_until if previous else None):
        return _("kỳ của bản tóm tắt không nối tiếp kỳ của bản trước")
    if found != digest.event_count:
        return _("đã ghi %(recorded)d sự kiện trong kỳ, nay có %(found)d: sự kiện đã bị xóa hoặc thêm vào") % {
            "recorded": digest.event_count, "found": found
        }  # fmt: skip
    if not digest.key_id:
        return _("bản tóm tắt không được niêm phong bằng khóa (LIENTHONG_AUDIT_KEY): không chứng minh được điều gì")
    if digest.key_id not in keys:
        return _("khóa niêm phong %(key)s không có trong LIENTHONG_AUDIT_KEY: không kiểm tra được") % {
            "key": digest.key_id
        }  # fmt: skip
    if recomputed != digest.digest:
        return _("mã tóm tắt không khớp các sự kiện trong kỳ: sự kiện hoặc bản tóm tắt đã bị sửa")
    return None


def _events_between(start: datetime | None, end: datetime):
    events = DossierEvent.objects.filter(at__lte=end)
    return (events if start is None else events.filter(at__gt=start)).order_by("at", "id")


def _hashes_between(start: datetime | None, end: datetime) -> Iterator[str]:
    return _events_between(start, end).values_list("hash", flat=True).iterator(chunk_size=CHUNK)


class _Lookahead:
    """(at, hash) rows in order, handed out period by period."""

    def __init__(self, rows) -> None:
        self._rows = rows.iterator(chunk_size=CHUNK)
        self._next = next(self._rows, None)

    def until(self, end: datetime) -> Iterator[str]:
        while self._next is not None and self._next[0] <= end:
            yield self._next[1]
            self._next = next(self._rows, None)
