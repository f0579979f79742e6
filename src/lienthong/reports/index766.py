"""Decision 766 scores of every unit of the province for one period, live from the read model: the province, each
department, each commune (`reports.units`), ranked as the portal ranks them.

The dossier figures come from the facts (`scoring.unit_figures_by`, two grouped statements whatever the number of
units); the catalogue's (`catalogue_figures`) and the complaints' and ratings' (`petition_figures`) are counted by
their own modules, also in a bounded number of statements. The engine (`kpi766.score_unit`) turns the figures into
points. A period that has not ended yet is judged now: a dossier still open and not yet due is not late.
"""

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.reports.catalogue_figures import catalogue_figures
from lienthong.reports.kpi766 import CURRENT_VERSION, UnitScore, period_bounds, score_unit
from lienthong.reports.petition_figures import petition_figures
from lienthong.reports.scoring import unit_figures_by
from lienthong.reports.units import AgencyTree, ScoredUnit, UnitKind

PERIOD_KINDS = ("month", "quarter", "half", "year")

# A source of non-dossier figures: (units, start, end, judged at, agency tree) → unit id → figure → count.
FigureSource = Callable[..., Mapping[int, Mapping[str, int]]]


@dataclass(frozen=True)
class Period:
    """A period the index is published for: the n-th month, quarter or half of a year, or the year (n = 1)."""

    kind: str
    year: int
    n: int = 1

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        return period_bounds(self.kind, self.year, self.n)

    @property
    def key(self) -> str:
        """As in URLs and snapshots: 2026-08 (month), 2026-Q3, 2026-H2, 2026."""
        return {
            "month": f"{self.year}-{self.n:02d}",
            "quarter": f"{self.year}-Q{self.n}",
            "half": f"{self.year}-H{self.n}",
            "year": f"{self.year}",
        }[self.kind]

    @property
    def label(self) -> str:
        """As a leader says it: "Tháng 11/2026", "Quý IV/2026", "6 tháng đầu năm 2026", "Năm 2026"."""
        if self.kind == "month":
            return _("Tháng %(n)s/%(year)s") % {"n": self.n, "year": self.year}
        if self.kind == "quarter":
            return _("Quý %(n)s/%(year)s") % {"n": ("I", "II", "III", "IV")[self.n - 1], "year": self.year}
        if self.kind == "half":
            first = self.n == 1
            return (_("6 tháng đầu năm %(year)s") if first else _("6 tháng cuối năm %(year)s")) % {"year": self.year}
        return _("Năm %(year)s") % {"year": self.year}

    @property
    def short_label(self) -> str:
        """For a chart's axis: 11/26, Q4/26, H2/26, 2026."""
        year = f"{self.year % 100:02d}"
        return {"month": f"{self.n}/{year}", "quarter": f"Q{self.n}/{year}", "half": f"H{self.n}/{year}",
                "year": f"{self.year}"}[self.kind]  # fmt: skip

    def previous(self) -> "Period":
        per_year = {"month": 12, "quarter": 4, "half": 2, "year": 1}[self.kind]
        if self.n > 1:
            return Period(self.kind, self.year, self.n - 1)
        return Period(self.kind, self.year - 1, per_year)

    @classmethod
    def parse(cls, key: str) -> "Period":
        """The inverse of `key`; ValueError (with what was expected) for anything else."""
        text = (key or "").strip().upper()
        try:
            if len(text) == 4:
                return cls("year", int(text))
            year, rest = text[:4], text[5:]
            if text[4] != "-":
                raise ValueError(key)
            if rest.startswith("Q"):
                period = cls("quarter", int(year), int(rest[1:]))
            elif rest.startswith("H"):
                period = cls("half", int(year), int(rest[1:]))
            else:
                period = cls("month", int(year), int(rest))
            period.bounds  # noqa: B018 - validates the number within the year
            return period
        except (ValueError, IndexError) as error:
            raise ValueError(f"not a period: {key!r} (2026-08, 2026-Q3, 2026-H2 or 2026)") from error

    @classmethod
    def containing(cls, kind: str, instant: dt.datetime) -> "Period":
        local = timezone.localtime(instant)
        months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
        return cls(kind, local.year, (local.month - 1) // months + 1)


@dataclass(frozen=True)
class UnitResult:
    unit: ScoredUnit
    counts: dict[str, int]
    score: UnitScore
    rank: int | None = None  # among the units of its kind (departments, communes); None for the province


@dataclass
class ProvinceScores:
    """Every unit's score for one period: the province first, then the ranked departments and communes."""

    period: Period
    version: str
    judged_at: dt.datetime
    province: UnitResult | None
    departments: list[UnitResult] = field(default_factory=list)
    communes: list[UnitResult] = field(default_factory=list)
    # When the figures were counted, if they are known to lag the read model (`figure_store`): the page says so.
    as_of: dt.datetime | None = None
    # What pages derive from these scores alone (`dashboard.units_to_fix`), kept with them while a process holds them.
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    def unit(self, unit_id: int) -> UnitResult | None:
        everyone = ([self.province] if self.province else []) + self.departments + self.communes
        return next((result for result in everyone if result.unit.id == unit_id), None)


def _ranked(results: list[UnitResult]) -> list[UnitResult]:
    """Highest total first, ties by name (as `kpi766.rank_units`): one number each, like the portal's ROW_STT."""
    ordered = sorted(results, key=lambda r: (-r.score.total, r.unit.name.casefold(), r.unit.id))
    return [UnitResult(r.unit, r.counts, r.score, rank) for rank, r in enumerate(ordered, start=1)]


# The modules counting the figures that are not the dossiers' (the catalogue's, the complaints' and ratings').
FIGURE_SOURCES: list[FigureSource] = [catalogue_figures, petition_figures]


def province_figures(
    *,
    period: Period,
    version: str = CURRENT_VERSION,
    judged: dt.datetime,
    tree: AgencyTree | None = None,
    sources: Sequence[FigureSource] | None = None,
) -> dict[int, dict[str, int]]:
    """Every unit's figures for `period`, judged at `judged` — the engine's inputs, what `figure_store` keeps."""
    tree = tree or AgencyTree()
    start, end = period.bounds
    units = tree.scored_units()
    by_unit = unit_figures_by(units=units, period_start=start, period_end=end, judged_at=judged, version=version)
    for source in FIGURE_SOURCES if sources is None else sources:
        for unit_id, figures in source(units=units, period_start=start, period_end=end, at=judged, tree=tree).items():
            by_unit.setdefault(unit_id, {}).update(figures)
    return by_unit


def scores_from_figures(
    *,
    period: Period,
    version: str,
    judged: dt.datetime,
    by_unit: Mapping[int, Mapping[str, int]],
    tree: AgencyTree | None = None,
    as_of: dt.datetime | None = None,
) -> ProvinceScores:
    """Every unit's scores from its figures (the pure engine, ~0.13 ms a unit), ranked."""
    units = (tree or AgencyTree()).scored_units()
    results = [UnitResult(u, dict(by_unit.get(u.id, {})), score_unit(counts=by_unit.get(u.id, {}), version=version))
               for u in units]  # fmt: skip
    province = next((r for r in results if r.unit.kind == UnitKind.PROVINCE), None)
    return ProvinceScores(
        period=period,
        version=version,
        judged_at=judged,
        province=province,
        departments=_ranked([r for r in results if r.unit.kind == UnitKind.DEPARTMENT]),
        communes=_ranked([r for r in results if r.unit.kind == UnitKind.COMMUNE]),
        as_of=as_of,
    )


def province_scores(
    *,
    period: Period,
    version: str = CURRENT_VERSION,
    now: dt.datetime | None = None,
    tree: AgencyTree | None = None,
    sources: Sequence[FigureSource] | None = None,
) -> ProvinceScores:
    """Every unit's figures and scores for `period`, computed now from the read model (see the module)."""
    tree = tree or AgencyTree()
    judged = min(period.bounds[1], now or timezone.now())
    by_unit = province_figures(period=period, version=version, judged=judged, tree=tree, sources=sources)
    return scores_from_figures(period=period, version=version, judged=judged, by_unit=by_unit, tree=tree)
