"""Decision 766 scores of one unit for one period, from plain named figures (`counts`).

The figures are named in the version's data (`numerator`/`denominator` of each indicator; the list is in
docs/dashboards.md): the read model supplies them per unit × period, `counts_from_facts` computes the dossier ones
from per-dossier facts. A figure that is absent counts as 0, so an indicator the system holds no data for yet
scores honestly 0 and says "no data".

Each indicator's points are rounded to 2 decimals half up, as the portal publishes them; a group's total is the
sum of its rounded indicators and the unit's total the sum of its groups, so the figures shown always add up.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from lienthong.reports.kpi766.registry import DEFINITIONS, Indicator, Rounding, Version, load_version

Number = Decimal | int


@dataclass(frozen=True)
class IndicatorScore:
    code: str
    group: str
    max_points: Decimal
    numerator: Decimal
    denominator: Decimal
    rate: Decimal  # numerator ÷ denominator (× the linked rate), 0..1, unrounded; 0 when there is no data
    points: Decimal
    no_data: bool  # the denominator is 0: the points come from the version's rule for an empty denominator

    @property
    def points_lost(self) -> Decimal:
        return self.max_points - self.points

    @property
    def percent(self) -> Decimal:
        return (self.rate * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class GroupScore:
    code: str
    max_points: Decimal
    points: Decimal
    indicators: tuple[IndicatorScore, ...]


@dataclass(frozen=True)
class UnitScore:
    version: str
    groups: tuple[GroupScore, ...]
    total: Decimal
    max_points: Decimal

    @property
    def indicators(self) -> dict[str, IndicatorScore]:
        return {score.code: score for group in self.groups for score in group.indicators}

    def group(self, code: str) -> GroupScore:
        return next(group for group in self.groups if group.code == code)


def _figure(counts: Mapping[str, Number], name: str) -> Decimal:
    return Decimal(counts.get(name) or 0)


def _numerator(indicator: Indicator, counts: Mapping[str, Number]) -> Decimal:
    added = sum((_figure(counts, name) for name in indicator.numerator.add), Decimal(0))
    return added - sum((_figure(counts, name) for name in indicator.numerator.subtract), Decimal(0))


def _denominator(indicator: Indicator, counts: Mapping[str, Number]) -> Decimal:
    largest = max(_figure(counts, name) for name in indicator.denominator.max_of)
    if largest > 0 or indicator.denominator.fallback is None:
        return largest
    return _figure(counts, indicator.denominator.fallback)


def _rounded(points: Decimal, rounding: Rounding) -> Decimal:
    # the mode's name is the decimal module's constant ("ROUND_HALF_UP" == decimal.ROUND_HALF_UP)
    return points.quantize(Decimal(1).scaleb(-rounding.places), rounding=rounding.mode)


def _score(indicator: Indicator, counts: Mapping[str, Number], rates: Mapping[str, Decimal], rounding: Rounding):
    numerator, denominator = _numerator(indicator, counts), _denominator(indicator, counts)
    if denominator <= 0:
        points = _rounded(indicator.max_points if indicator.when_empty == "max" else Decimal(0), rounding)
        return IndicatorScore(
            indicator.code, indicator.group, indicator.max_points, numerator, Decimal(0), Decimal(0), points, True
        )
    # A satisfaction numerator ("all minus the unhappy") may fall below 0 when one dossier is both late and
    # complained of: the rate does not.
    rate = max(Decimal(0), numerator / denominator)
    if indicator.rate_times is not None:
        rate *= rates[indicator.rate_times]
    points = indicator.max_points * rate / indicator.full_at
    if indicator.cap_at_max:
        points = min(points, indicator.max_points)
    points = _rounded(points, rounding)
    return IndicatorScore(
        indicator.code, indicator.group, indicator.max_points, numerator, denominator, rate, points, False
    )


def _in_dependency_order(version: Version) -> list[Indicator]:
    """Indicators whose rate another one multiplies by come first (the sync rate before the online share)."""
    linked = {indicator.rate_times for indicator in version.indicators}
    return sorted(version.indicators, key=lambda indicator: indicator.code not in linked)


def score_unit(*, counts: Mapping[str, Number], version: str, directory: Path = DEFINITIONS) -> UnitScore:
    """Every indicator, the six group totals and the total /100 of one unit × period under formula `version`."""
    definition = load_version(version, directory=directory)
    scores: dict[str, IndicatorScore] = {}
    rates: dict[str, Decimal] = {}
    for indicator in _in_dependency_order(definition):
        scores[indicator.code] = _score(indicator, counts, rates, definition.rounding)
        rates[indicator.code] = scores[indicator.code].rate
    groups = tuple(
        GroupScore(
            code=group.code,
            max_points=group.max_points,
            points=sum((scores[i.code].points for i in definition.in_group(group.code)), Decimal(0)),
            indicators=tuple(scores[i.code] for i in definition.in_group(group.code)),
        )
        for group in definition.groups
    )
    return UnitScore(
        version=definition.version,
        groups=groups,
        total=sum((group.points for group in groups), Decimal(0)),
        max_points=definition.max_points,
    )


def what_to_fix(score: UnitScore) -> list[IndicatorScore]:
    """The indicators that cost the unit points, most lost first (ties in the version's order): a leader's list."""
    lost = [indicator for indicator in score.indicators.values() if indicator.points_lost > 0]
    return sorted(lost, key=lambda indicator: -indicator.points_lost)
