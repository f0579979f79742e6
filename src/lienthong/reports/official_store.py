"""The national dashboard's published scores kept, and shown beside ours (issue 12, item 3).

`official_import` stores the records `official.official_scores_read` reads from a file, for one period: a later file
for the same period replaces the rows of the one before (the portal republishes after corrections), while every
import stays in the log (`OfficialImport`). The file the period's rows already come from, read under the same
formula version, is refused: importing it again would change nothing.

`official_beside_ours` pairs each published unit with ours by the national code (`MA_COQUAN`/`departmentCode`,
our agency's QCVN 102 `identifier_code`): our frozen snapshot of the period, or the live score of a unit with
none, and Δ = ours − theirs per group, per indicator the portal published, and in total. The units found on one
side only are listed, not dropped.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.reports.index766 import Period, UnitResult, province_scores
from lienthong.reports.kpi766 import CURRENT_VERSION
from lienthong.reports.models import OfficialImport, OfficialScore, ScoreSnapshot
from lienthong.reports.official import MAX_BYTES, OfficialScoresError, official_scores_read
from lienthong.reports.official import OfficialScore as OfficialRecord
from lienthong.reports.snapshots import GROUP_COLUMNS
from lienthong.reports.units import AgencyTree, UnitKind

KIND_ORDER = {UnitKind.PROVINCE: 0, UnitKind.DEPARTMENT: 1, UnitKind.COMMUNE: 2}


class OfficialImportRefusedError(OfficialScoresError):
    """A file read well but not stored (the same file again); a subclass, so callers catch one error."""


def _code(text: str) -> str:
    """Codes compare without case or surrounding spaces: exports differ in both."""
    return text.strip().casefold()


def _current_import(period_key: str) -> OfficialImport | None:
    return OfficialImport.objects.filter(period_key=period_key, replaced_at__isnull=True).order_by("-pk").first()


def official_import(
    *, source: IO[bytes] | bytes, filename: str, period: Period, version: str = CURRENT_VERSION, user: Any = None
) -> OfficialImport:
    """Store a published-scores file's records as the national scores of `period` (see the module); raises
    `OfficialScoresError` (Vietnamese, with where and why) and stores nothing for a file that cannot be read."""
    data = source if isinstance(source, bytes) else source.read(MAX_BYTES + 1)
    records = official_scores_read(source=data, filename=filename, version=version)  # parsed before any lock
    digest = hashlib.sha256(data).hexdigest()
    try:
        return _replacing(records, period=period, filename=filename, digest=digest, version=version, user=user)
    except IntegrityError:
        # The period's first import and another one at the same instant: nothing to lock yet, the unique current
        # import lets one in; this one wrote nothing.
        raise OfficialImportRefusedError(
            _("Một tệp khác của kỳ %(period)s được nhập cùng lúc: hãy thử lại.") % {"period": period.key}
        ) from None


@transaction.atomic
def _replacing(
    records: list[OfficialRecord], *, period: Period, filename: str, digest: str, version: str, user: Any
) -> OfficialImport:
    """Refuse the file the period's rows already come from; else store `records` as the period's."""
    # The period's current import, locked: two imports of one period at once queue here (PostgreSQL).
    current = (
        OfficialImport.objects.select_for_update()
        .filter(period_key=period.key, replaced_at__isnull=True)
        .order_by("-pk")
        .first()
    )
    if current is not None and (current.sha256, current.version) == (digest, version):
        at = timezone.localtime(current.imported_at).strftime("%d/%m/%Y %H:%M")
        raise OfficialImportRefusedError(
            _("Tệp này đã được nhập cho kỳ %(period)s lúc %(at)s (%(name)s): không thay đổi gì.")
            % {"period": period.key, "at": at, "name": current.filename}
        )
    return _stored(records, period=period, filename=filename, digest=digest, version=version, user=user)


def _stored(
    records: list[OfficialRecord], *, period: Period, filename: str, digest: str, version: str, user: Any
) -> OfficialImport:
    """The period's rows replaced by `records`, the imports before marked replaced (kept: they are the log)."""
    now = timezone.now()
    OfficialImport.objects.filter(period_key=period.key, replaced_at__isnull=True).update(replaced_at=now)
    # The new import claims the period first (one current import per period, a unique index): a concurrent import
    # waits here and is refused, before either touches the scores.
    imported = OfficialImport.objects.create(
        period_key=period.key, filename=filename[:255], sha256=digest, version=version, rows=len(records),
        imported_at=now, imported_by_id=getattr(user, "pk", None), imported_by=getattr(user, "username", "") or "",
    )  # fmt: skip
    OfficialScore.objects.filter(period_key=period.key).delete()
    OfficialScore.objects.bulk_create(
        OfficialScore(
            source=imported,
            period_key=period.key,
            unit_code=record.unit_code,
            unit_name=record.unit_name,
            level=record.level,
            rank=record.rank,
            total=record.total,
            **{column: record.groups.get(column) for column in GROUP_COLUMNS},
            metrics={code: str(points) for code, points in sorted(record.metrics.items())},
        )  # fmt: skip
        for record in records
    )
    return imported


@dataclass(frozen=True)
class Scores:
    """One side's scores of a unit: rank, total, the six groups, and points per indicator (metric) code."""

    code: str
    name: str
    rank: int | None
    total: Decimal | None
    groups: dict[str, Decimal | None]
    indicators: dict[str, Decimal]
    kind: str = ""  # ours: province, department, commune; theirs: the published level, if any
    source: str = ""  # ours: "snapshot" or "live"; theirs: "official"


@dataclass(frozen=True)
class Delta:
    """One figure on both sides: Δ = ours − theirs, None when either side has no value."""

    code: str
    ours: Decimal | None
    theirs: Decimal | None

    @property
    def delta(self) -> Decimal | None:
        return None if self.ours is None or self.theirs is None else self.ours - self.theirs


@dataclass(frozen=True)
class UnitBeside:
    ours: Scores
    theirs: Scores
    total: Delta
    groups: list[Delta]  # the six groups, in the version's order
    indicators: list[Delta]  # each indicator published by the portal or scored by us, ours in the version's order


@dataclass
class BesideOurs:
    period: Period
    version: str
    imported: OfficialImport | None  # the period's current import; None: nothing imported, nothing compared
    units: list[UnitBeside] = field(default_factory=list)  # matched by code: province, departments, communes
    only_ours: list[Scores] = field(default_factory=list)
    only_theirs: list[Scores] = field(default_factory=list)


def _ours_from_snapshot(row: ScoreSnapshot) -> Scores:
    return Scores(
        code=row.unit_code, name=row.unit_name, rank=row.rank, total=row.total,
        groups={column: getattr(row, column) for column in GROUP_COLUMNS},
        indicators={code: Decimal(result["points"]) for code, result in row.indicators.items()},
        kind=row.unit_kind, source="snapshot",
    )  # fmt: skip


def _ours_live(result: UnitResult) -> Scores:
    return Scores(
        code=result.unit.code, name=result.unit.name, rank=result.rank, total=result.score.total,
        groups={group.code: group.points for group in result.score.groups},
        indicators={code: score.points for code, score in result.score.indicators.items()},
        kind=result.unit.kind, source="live",
    )  # fmt: skip


def _theirs(row: OfficialScore) -> Scores:
    return Scores(
        code=row.unit_code, name=row.unit_name, rank=row.rank, total=row.total,
        groups={column: getattr(row, column) for column in GROUP_COLUMNS},
        indicators={code: Decimal(points) for code, points in row.metrics.items()},
        kind=row.level, source="official",
    )  # fmt: skip


def _ours(*, period: Period, version: str, now: dt.datetime | None) -> dict[str, Scores]:
    """national code → our scores: the snapshot's, and for a unit the snapshot lacks (none taken yet, a unit
    created since) the live score. A unit without a code cannot be matched and is keyed by its id."""
    ours: dict[str, Scores] = {}
    frozen = ScoreSnapshot.objects.filter(period_key=period.key, version=version).order_by("unit_kind", "rank", "id")
    for row in frozen:
        ours[_code(row.unit_code) or f"#{row.unit_id}"] = _ours_from_snapshot(row)
    tree = AgencyTree()
    if all((_code(unit.code) or f"#{unit.id}") in ours for unit in tree.scored_units()):
        return ours  # every unit frozen: the live scores are not needed
    live = province_scores(period=period, version=version, now=now, tree=tree)
    everyone = ([live.province] if live.province else []) + live.departments + live.communes
    for result in everyone:
        key = _code(result.unit.code) or f"#{result.unit.id}"
        if key not in ours:
            ours[key] = _ours_live(result)
    return ours


def _beside(ours: Scores, theirs: Scores) -> UnitBeside:
    codes = list(ours.indicators) + [code for code in theirs.indicators if code not in ours.indicators]
    return UnitBeside(
        ours=ours,
        theirs=theirs,
        total=Delta("total", ours.total, theirs.total),
        groups=[Delta(column, ours.groups.get(column), theirs.groups.get(column)) for column in GROUP_COLUMNS],
        indicators=[Delta(code, ours.indicators.get(code), theirs.indicators.get(code)) for code in codes],
    )


def _order(scores: Scores) -> tuple:
    return KIND_ORDER.get(scores.kind, 3), scores.rank or 0, scores.name.casefold()


def official_beside_ours(
    *, period: Period, version: str = CURRENT_VERSION, now: dt.datetime | None = None
) -> BesideOurs:
    """The period's published scores beside ours, unit by unit (see the module)."""
    imported = _current_import(period.key)
    result = BesideOurs(period=period, version=version, imported=imported)
    if imported is None:
        return result
    theirs = {_code(row.unit_code): _theirs(row) for row in OfficialScore.objects.filter(period_key=period.key)}
    ours = _ours(period=period, version=version, now=now)
    result.units = sorted((_beside(ours[code], theirs[code]) for code in ours.keys() & theirs.keys()),
                          key=lambda unit: _order(unit.ours))  # fmt: skip
    result.only_ours = sorted((ours[code] for code in ours.keys() - theirs.keys()), key=_order)
    result.only_theirs = sorted((theirs[code] for code in theirs.keys() - ours.keys()),
                                key=lambda s: (s.rank or 0, s.name.casefold()))  # fmt: skip
    return result


@dataclass(frozen=True)
class NationalRank:
    """The province's place among the provinces in one period's published scores."""

    period: Period
    rank: int
    of: int  # provinces ranked in the file
    total: Decimal | None
    imported_at: dt.datetime


def _national_rank(rows: list[OfficialScore], *, code: str) -> tuple[int, int, Decimal | None] | None:
    """(rank, of, total) of the unit `code` among the rows of its level: the rank as published, or by the total
    when the file gives none (the evaluation API's shape). None when the unit is not there or has no peers (a file
    of one province's departments and communes holds no ranking of provinces)."""
    ours = next((row for row in rows if _code(row.unit_code) == code), None)
    if ours is None:
        return None
    peers = [row for row in rows if row.level == ours.level]
    if len(peers) < 2:
        return None
    if ours.rank is not None:
        return ours.rank, len(peers), ours.total
    if ours.total is None:
        return None
    return 1 + sum(1 for row in peers if row.total is not None and row.total > ours.total), len(peers), ours.total


def national_ranks(*, province_code: str, periods: list[Period]) -> list[NationalRank | None]:
    """The province's national rank in each period's current import (None: nothing imported, or the province not
    ranked in it), in the order given — one statement for all."""
    code = _code(province_code)
    if not code:
        return [None for _ in periods]
    rows: dict[str, list[OfficialScore]] = {}
    wanted = OfficialScore.objects.filter(period_key__in=[p.key for p in periods]).select_related("source")
    for row in wanted.only("period_key", "unit_code", "level", "rank", "total", "source__imported_at"):
        rows.setdefault(row.period_key, []).append(row)
    ranks: list[NationalRank | None] = []
    for period in periods:
        found = _national_rank(rows.get(period.key, []), code=code)
        if found is None:
            ranks.append(None)
            continue
        imported_at = rows[period.key][0].source.imported_at
        ranks.append(NationalRank(period, found[0], found[1], found[2], imported_at))
    return ranks
