"""The dossier figures of Decision 766, counted from per-dossier facts: the reference the read model's SQL sums must
equal (the golden fixture pins it).

Who is counted: the dossiers received in the period (`received_at` in [start, end)); a dossier never received
(no NgayTiepNhan) is left out of every figure (formula notes 4.3). Each is judged by these rules:
- on time ⇔ (the instant it is judged at − the time it waited for the applicant's supplements) ≤ its due instant,
  by the project's one on-time rule (`lienthong.dossiers.urgency.finished_on_time`), where
  - the instant it is judged at is the end of its processing, or the period's end if it was still open then (2.1);
  - `due_at` is the appointment as set at receipt, NOT pushed back by the supplement time (that is subtracted
    here, once), and `supplement_seconds` the time waited up to the period's end;
- asked for a supplement `overdue_at_supplement_count` times or more (2 in qd766-2026-v1) ⇒ overdue (2.1);
- a dossier whose fee list is all zero (`fee_total` = 0) is no dossier with a financial obligation, and its
  procedure no fee-bearing procedure with dossiers (3.5, 3.6).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from lienthong.dossiers.urgency import finished_on_time
from lienthong.reports.kpi766.periods import judged_at
from lienthong.reports.kpi766.registry import DEFINITIONS, Counting, load_version

# Figures that count dossiers, and figures that count the distinct procedures of the dossiers counted in another.
DOSSIER_FIGURES = (
    "dossiers_received",
    "dossiers_received_online",
    "dossiers_synced",
    "dossiers_on_time",
    "dossiers_overdue",
    "dossiers_finished",
    "dossiers_with_e_result",
    "dossiers_digitised",
    "dossiers_reusing_data",
    "dossiers_with_fee",
    "dossiers_with_synced_fee",
    "dossiers_paid_online",
)
PROCEDURE_FIGURES = {
    "online_services_with_dossiers": "dossiers_received_online",
    "procedures_with_fee_dossiers": "dossiers_with_synced_fee",
    "procedures_with_online_payment": "dossiers_paid_online",
}


class FactLike(Protocol):
    """What the scoring needs to know of one dossier (the read model's per-dossier facts row)."""

    received_at: dt.datetime | None
    end_of_processing_at: dt.datetime | None
    due_at: dt.datetime | None
    supplement_count: int
    supplement_seconds: int
    channel_national: int | None  # KenhThucHien: 1 direct (and null), 2 online, 3 public post
    has_e_result: bool
    is_digitised: bool
    reused_component: bool
    fee_total: Decimal | int
    paid_online_kind: int  # DuocThanhToanTrucTuyen: 0 no, 1 on DVCQG, 2 the ministry's or province's gateway
    national_synced: bool
    procedure_id: int | str


@dataclass(frozen=True)
class Fact:
    """A plain FactLike, for tests and for callers without a row object."""

    procedure_id: int | str
    received_at: dt.datetime | None
    due_at: dt.datetime | None = None
    end_of_processing_at: dt.datetime | None = None
    supplement_count: int = 0
    supplement_seconds: int = 0
    channel_national: int | None = 1
    has_e_result: bool = False
    is_digitised: bool = False
    reused_component: bool = False
    fee_total: Decimal | int = 0
    paid_online_kind: int = 0
    national_synced: bool = False


def is_on_time(fact: FactLike, *, period_end: dt.datetime, rules: Counting) -> bool:
    """Decision 766's on-time judgement of one dossier for a period ending at `period_end` (see the module)."""
    if fact.supplement_count >= rules.overdue_at_supplement_count:
        return False
    judged = judged_at(end_of_processing_at=fact.end_of_processing_at, period_end=period_end)
    waited = dt.timedelta(seconds=fact.supplement_seconds)
    return finished_on_time(finished_at=judged - waited, due_at=fact.due_at)


def dossier_figures(
    fact: FactLike, *, period_start: dt.datetime, period_end: dt.datetime, rules: Counting
) -> frozenset[str]:
    """The `DOSSIER_FIGURES` one dossier counts in for the period: the one place each figure's rule is written, so
    a figure and the list of dossiers behind it (`facts_behind`) cannot disagree."""
    if fact.received_at is None or not period_start <= fact.received_at < period_end:
        return frozenset()
    finished = fact.end_of_processing_at is not None and fact.end_of_processing_at < period_end
    on_time = is_on_time(fact, period_end=period_end, rules=rules)
    with_fee = fact.fee_total > 0
    holds = {
        "dossiers_received": True,
        "dossiers_received_online": (fact.channel_national or 1) in rules.online_channels,
        "dossiers_synced": fact.national_synced,
        "dossiers_on_time": on_time,
        "dossiers_overdue": not on_time,
        "dossiers_finished": finished,
        "dossiers_with_e_result": finished and fact.has_e_result,
        "dossiers_digitised": finished and fact.is_digitised,
        "dossiers_reusing_data": fact.reused_component,
        "dossiers_with_fee": with_fee,
        "dossiers_with_synced_fee": with_fee and fact.national_synced,  # formula notes 3.5: X counts synced ones
        "dossiers_paid_online": with_fee and fact.paid_online_kind in rules.paid_online_kinds,
    }
    return frozenset(name for name, counted in holds.items() if counted)


def counts_from_facts(
    facts: Iterable[FactLike],
    *,
    period_start: dt.datetime,
    period_end: dt.datetime,
    version: str,
    directory: Path = DEFINITIONS,
) -> dict[str, int]:
    """The dossier figures (`DOSSIER_FIGURES`, `PROCEDURE_FIGURES`) of the dossiers received in
    [period_start, period_end)."""
    rules = load_version(version, directory=directory).counting
    counts = dict.fromkeys(DOSSIER_FIGURES, 0)
    procedures: dict[str, set] = {figure: set() for figure in PROCEDURE_FIGURES}
    for fact in facts:
        figures = dossier_figures(fact, period_start=period_start, period_end=period_end, rules=rules)
        for figure in figures:
            counts[figure] += 1
        for figure, of_dossiers in PROCEDURE_FIGURES.items():
            if of_dossiers in figures:
                procedures[figure].add(fact.procedure_id)
    return counts | {figure: len(ids) for figure, ids in procedures.items()}


def facts_behind(
    facts: Iterable[FactLike],
    figure: str,
    *,
    period_start: dt.datetime,
    period_end: dt.datetime,
    version: str,
    directory: Path = DEFINITIONS,
) -> list[FactLike]:
    """The dossiers a figure counts (for a procedure figure, the dossiers whose procedures it counts): the list a
    dashboard's figure links to."""
    if figure not in DOSSIER_FIGURES and figure not in PROCEDURE_FIGURES:
        raise ValueError(f"{figure!r} is not counted from dossier facts")
    rules = load_version(version, directory=directory).counting
    of_dossiers = PROCEDURE_FIGURES.get(figure, figure)
    return [
        fact
        for fact in facts
        if of_dossiers in dossier_figures(fact, period_start=period_start, period_end=period_end, rules=rules)
    ]


def sync_fallback_denominator(
    *, previous_year_bcqg_total: int | None, kind: str, version: str, directory: Path = DEFINITIONS
) -> Decimal:
    """The sync rate's denominator when neither national count has a dossier (formula notes 1.4): last year's
    BCQG total spread over the period (÷ 12 for a month, ÷ 4 for a quarter); missing → 0, and the rate is 0."""
    divisor = load_version(version, directory=directory).counting.sync_fallback_divisor[kind]
    return Decimal(previous_year_bcqg_total or 0) / divisor
