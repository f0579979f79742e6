"""One chunk of the province-sized data set (bench/province.py): `size` dossiers planned, replayed by the
lifecycle's rules, given their codes, hash-chained and written by COPY in one transaction.

Everything a chunk writes is fixed by the run's `Layout` and the chunk's number, so chunks run in any order, in any
process, and a chunk that failed is simply run again: its dossier, step and file ids are a range of their own, and
its random draws come from a generator seeded by (seed, chunk). Only the codes' numbers are shared: a chunk reserves
a block per receiving agency and day from the live counter table (`DossierCodeCounter`, the very row a desk
increments), in one statement committed at once, so codes stay unique and gap-free per agency and day whichever
worker numbers them. Within an agency-day, numbers follow the order of issue inside each chunk, not across chunks.
"""

import dataclasses
import datetime as dt
import os
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils.timezone import localtime

from lienthong.core.bulk import rows_copy
from lienthong.demo.history import replay_planned
from lienthong.demo.history.context import Context
from lienthong.demo.history.plan import Planner
from lienthong.demo.history.replay import Replay
from lienthong.demo.history.results import Specimen
from lienthong.demo.history.store import chain, codes_number
from lienthong.dossiers.models import Attachment, Dossier, DossierCodeCounter, StepInstance, Suspension
from lienthong.dossiers.services.eventlog import history_events_write
from lienthong.national.constants import SyncState
from lienthong.national.models import NationalSync

STEP_SLOTS = 64  # step ids reserved per dossier (a recent dossier planned again draws ids for each attempt)
ATTACHMENT_SLOTS = 16
CHUNKS_TABLE = "bench_province_chunk"  # chunks written, committed with their rows (a resumed run skips them)
# National sync states (DVCQG): most dossiers told, a few waiting for the next round, a few refused by the portal.
SYNC_FAILED, SYNC_PENDING = 0.004, 0.008
SYNC_RECENT = dt.timedelta(minutes=15)  # events younger than this are still waiting for the connector


@dataclass(frozen=True)
class Layout:
    """Where every chunk's rows go, decided once per run and stored, so that a resumed run writes the same rows."""

    seed: int
    dossiers: int
    chunk: int
    open_share: float
    window_days: int
    now: str  # ISO instant the history runs up to
    first_dossier: int
    first_step: int
    first_attachment: int

    @property
    def chunks(self) -> int:
        return -(-self.dossiers // self.chunk)

    def size(self, k: int) -> int:
        return min(self.chunk, self.dossiers - k * self.chunk)

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Shared:
    """What every chunk reads and nobody changes: loaded once before the workers fork."""

    ctx: Context
    planner: Planner
    specimen: Specimen
    national_codes: dict[str, int]


@dataclass
class ChunkReport:
    chunk: int
    dossiers: int = 0
    events: int = 0
    steps: int = 0
    files: int = 0
    synced: int = 0
    seconds: float = 0.0
    cpu: float = 0.0  # this worker's CPU seconds: what a quiet machine's core would take
    db_cpu: float = 0.0  # its PostgreSQL backend's CPU seconds (0 when the server is not on this machine)
    by_status: Counter = field(default_factory=Counter)


class Ids:
    """Ids of one chunk's range, in order; running past its end is a bug in the slots above, not data to write."""

    def __init__(self, first: int, size: int) -> None:
        self.next, self.end = first, first + size

    def __iter__(self) -> "Ids":
        return self

    def __next__(self) -> int:
        if self.next >= self.end:
            raise RuntimeError("a chunk used more ids than reserved for it")
        self.next += 1
        return self.next - 1


def chunk_write(*, layout: Layout, shared: Shared, k: int) -> ChunkReport:
    """Plan, replay, number, chain and write chunk `k`; its rows and its mark in `CHUNKS_TABLE` commit together."""
    started, cpu, size, base = time.perf_counter(), time.process_time(), layout.size(k), k * layout.chunk
    db_cpu = backend_cpu()
    planner = shared.planner
    planner.rng = random.Random(f"{layout.seed}:{k}")  # noqa: S311 — reproducible bench data, not secrets
    step_ids = Ids(layout.first_step + base * STEP_SLOTS, size * STEP_SLOTS)
    files = {
        "attachment_ids": Ids(layout.first_attachment + base * ATTACHMENT_SLOTS, size * ATTACHMENT_SLOTS),
        "specimen": shared.specimen,
    }
    plans = planner.plans(size, recent=round(size * layout.open_share))
    replays = [
        replay_planned(planner, plan, n, dossier_id=layout.first_dossier + base + n, step_ids=step_ids, **files)
        for n, plan in enumerate(plans)
    ]
    codes_number(replays, issued=codes_reserve(replays))
    for replay in replays:
        chain(replay)
        _timestamps(replay)
    syncs = _syncs(replays, planner.rng, shared)
    with transaction.atomic():
        rows_copy(Dossier, [r.d for r in replays])
        rows_copy(StepInstance, [s for r in replays for s in r.steps])
        rows_copy(Suspension, [s for r in replays for s in r.suspensions], with_pk=False)
        rows_copy(Attachment, [a for r in replays for a in r.results])
        history_events_write([e for r in replays for e in r.events])
        rows_copy(NationalSync, syncs, with_pk=False)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {CHUNKS_TABLE} (k, dossiers) VALUES (%s, %s)", [k, size])  # noqa: S608
    return ChunkReport(
        chunk=k, dossiers=size, events=sum(len(r.events) for r in replays), steps=sum(len(r.steps) for r in replays),
        files=sum(len(r.results) for r in replays), synced=len(syncs), seconds=time.perf_counter() - started,
        cpu=time.process_time() - cpu, db_cpu=backend_cpu() - db_cpu,
        by_status=Counter(r.d.status for r in replays),
    )  # fmt: skip


def backend_cpu() -> float:
    """CPU seconds so far of this connection's PostgreSQL backend, read from /proc when the server runs on this
    machine (0 otherwise): with the workers' own, what the load costs whatever else the machine is doing."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime, in ticks
    except (OSError, ValueError, IndexError):
        return 0.0


def codes_reserve(replays: list[Replay]) -> dict[tuple[int, dt.date], int]:
    """Reserve, per receiving agency and local day, a block of as many numbers as this chunk issues there; returns
    the number issued before each block. One upsert on the counters, in key order (so two workers lock rows in the
    same order and cannot deadlock), committed at once unless the caller holds a transaction (the test)."""
    wanted = Counter((r.d.agency_id, localtime(r.coded_at).date()) for r in replays if r.coded_at is not None)
    if not wanted:
        return {}
    keys = sorted(wanted)
    table = connection.ops.quote_name(DossierCodeCounter._meta.db_table)
    # Our own table name; every value is a parameter.
    sql = (
        f"INSERT INTO {table} AS c (agency_id, day, last) "  # noqa: S608
        "SELECT * FROM unnest(%s::bigint[], %s::date[], %s::int[]) "
        "ON CONFLICT (agency_id, day) DO UPDATE SET last = c.last + excluded.last RETURNING agency_id, day, last"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [[a for a, _ in keys], [d for _, d in keys], [wanted[key] for key in keys]])
        return {(agency, day): last - wanted[(agency, day)] for agency, day, last in cursor.fetchall()}


def _timestamps(replay: Replay) -> None:
    """Created when first submitted or received, changed at its last event (the demo stamps the build instant; a
    bench over three years wants rows that age)."""
    d = replay.d
    d.created_at = d.submitted_at or d.received_at or replay.events[0].at
    d.updated_at = replay.events[-1].at


@dataclass(slots=True)
class SyncRow:
    """A `NationalSync` row: how far the national portal has been told of one dossier."""

    dossier_id: int
    state: str
    target_seq: int
    synced_seq: int
    synced_status: str
    synced_national_code: int | None
    updated_at: dt.datetime
    attempts: int = 0
    next_attempt_at: dt.datetime | None = None
    claimed_at: dt.datetime | None = None
    last_error: str = ""
    failed_digest: str = ""
    last_synced_at: dt.datetime | None = None


def _syncs(replays: list[Replay], rng: random.Random, shared: Shared) -> list[SyncRow]:
    """Every coded dossier's sync state: told up to its last event, except the newest changes (pending) and a few
    the portal refused (failed after its retries, as `services/sync.py` leaves them)."""
    now, codes, rows = shared.ctx.now, shared.national_codes, []
    for replay in replays:
        d = replay.d
        if d.code is None:
            continue
        last, draw = replay.events[-1].at, rng.random()
        row = SyncRow(dossier_id=d.pk, state=SyncState.SYNCED, target_seq=d.event_seq, synced_seq=d.event_seq,
                      synced_status=d.status, synced_national_code=codes.get(d.status), updated_at=last,
                      last_synced_at=min(now, last + dt.timedelta(seconds=rng.randint(20, 900))))  # fmt: skip
        if draw < SYNC_FAILED + SYNC_PENDING or now - last < SYNC_RECENT:
            _told_up_to_previous(row, replay, codes)
            row.state, row.next_attempt_at = SyncState.PENDING, now
            if draw < SYNC_FAILED:
                row.state, row.attempts, row.next_attempt_at = SyncState.FAILED, 8, None
                row.last_error = "HTTP 400: TrangThaiHoSo không hợp lệ"
        rows.append(row)
    return rows


def _told_up_to_previous(row: SyncRow, replay: Replay, codes: dict[str, int]) -> None:
    """The portal knows the dossier as it was before its last event (nothing, if that is its first)."""
    previous = replay.events[-2] if len(replay.events) > 1 else None
    row.synced_seq = replay.d.event_seq - 1
    row.synced_status = previous.status_after if previous else ""
    row.synced_national_code = codes.get(row.synced_status) if previous else None
    row.last_synced_at = previous.at if previous else None
