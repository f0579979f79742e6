"""The Decision 766 index: versioned indicator definitions (`registry`), the scoring of one unit × period
(`engine`), periods (`periods`), the reference count of dossier facts (`facts`) and the national dashboard's
shapes and ranking (`shapes`). Pure code over plain figures: no model, no query; docs/dashboards.md explains it."""

from lienthong.reports.kpi766.engine import GroupScore, IndicatorScore, UnitScore, score_unit, what_to_fix
from lienthong.reports.kpi766.facts import (
    Fact,
    FactLike,
    counts_from_facts,
    facts_behind,
    is_on_time,
    sync_fallback_denominator,
)
from lienthong.reports.kpi766.periods import judged_at, period_bounds
from lienthong.reports.kpi766.registry import Kpi766Error, available_versions, load_version
from lienthong.reports.kpi766.shapes import UnitNode, as_legacy_rows, as_overview, as_parent_children, rank_units

CURRENT_VERSION = "qd766-2026-v1"

__all__ = [
    "CURRENT_VERSION",
    "Fact",
    "FactLike",
    "GroupScore",
    "IndicatorScore",
    "Kpi766Error",
    "UnitNode",
    "UnitScore",
    "as_legacy_rows",
    "as_overview",
    "as_parent_children",
    "available_versions",
    "counts_from_facts",
    "facts_behind",
    "is_on_time",
    "judged_at",
    "load_version",
    "period_bounds",
    "rank_units",
    "score_unit",
    "sync_fallback_denominator",
    "what_to_fix",
]
