"""Scores in the national dashboard's shapes, and the ranking, so ours can be laid beside the portal's.

The portal answers each group (tab) in one of two shapes (next-capabilities §1.1):
- `overview/evaluation[].metrics[]` (transparency, digitisation, satisfaction): one `metrics[]` list for the
  parent and one per child unit;
- `parent/children[]` (progress, online service, online payment): one object per unit with its figures.
Decimals are written as JSON numbers with 2 decimals; `ratio` is a percentage, as on the portal.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from lienthong.reports.kpi766.engine import GroupScore, IndicatorScore, UnitScore
from lienthong.reports.kpi766.registry import load_version

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class UnitNode:
    """One unit's score (the province, a department, a commune) and those of the units under it."""

    id: str
    name: str
    score: UnitScore
    children: tuple["UnitNode", ...] = ()


@dataclass(frozen=True)
class Ranked:
    rank: int  # 1, 2, 3, … like the portal's ROW_STT: a tie is broken by name, never shared
    node: UnitNode


def rank_units(nodes: Iterable[UnitNode]) -> list[Ranked]:
    """Highest total first; equal totals in the order of their names (case-insensitive)."""
    ordered = sorted(nodes, key=lambda node: (-node.score.total, node.name.casefold(), node.id))
    return [Ranked(rank=position, node=node) for position, node in enumerate(ordered, start=1)]


def _number(value: Decimal) -> float:
    return float(value.quantize(_CENT, rounding=ROUND_HALF_UP))


def _metric(score: IndicatorScore) -> dict:
    return {
        "code": score.code,
        "score": _number(score.points),
        "maxScore": _number(score.max_points),
        "ratio": None if score.no_data else _number(score.percent),
        "numerator": _number(score.numerator),
        "denominator": _number(score.denominator),
        "noData": score.no_data,
    }


def _group_of(node: UnitNode, group: str) -> GroupScore:
    return node.score.group(group)


def _unit_totals(node: UnitNode, group: str) -> dict:
    scores = _group_of(node, group)
    return {"id": node.id, "name": node.name, "score": _number(scores.points), "maxScore": _number(scores.max_points)}


def as_overview(node: UnitNode, *, group: str) -> dict:
    """The `overview/evaluation[].metrics[]` shape of one group for `node` and its children."""
    return {
        "overview": {**_unit_totals(node, group), "metrics": [_metric(s) for s in _group_of(node, group).indicators]},
        "evaluation": [
            {**_unit_totals(child, group), "metrics": [_metric(s) for s in _group_of(child, group).indicators]}
            for child in node.children
        ],
    }


def _figures(node: UnitNode, group: str) -> dict:
    scores = _group_of(node, group)
    row = _unit_totals(node, group)
    row["metrics"] = {score.code: _metric(score) for score in scores.indicators}
    if len(scores.indicators) == 1:  # progress: the portal puts the one metric's figures on the unit itself
        only = scores.indicators[0]
        row |= {"ratio": _metric(only)["ratio"], "numerator": _number(only.numerator)}
        row |= {"denominator": _number(only.denominator)}
    return row


def as_parent_children(node: UnitNode, *, group: str) -> dict:
    """The `parent/children[]` shape of one group for `node` and its children, children ranked by the group."""
    children = sorted(node.children, key=lambda child: (-_group_of(child, group).points, child.name.casefold()))
    return {"parent": _figures(node, group), "children": [_figures(child, group) for child in children]}


def as_legacy_rows(nodes: Sequence[UnitNode]) -> list[dict]:
    """The older `report_tinh_766_service` rows: ID, TEN, ROW_STT (rank), one column per group, TONG_SCORE."""
    rows = []
    for ranked in rank_units(nodes):
        score = ranked.node.score
        groups = {group.legacy_key: group.code for group in load_version(score.version).groups}
        row = {"ID": ranked.node.id, "TEN": ranked.node.name, "ROW_STT": ranked.rank}
        row |= {key: _number(score.group(code).points) for key, code in groups.items()}
        row["TONG_SCORE"] = _number(score.total)
        rows.append(row)
    return rows
