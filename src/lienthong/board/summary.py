"""The board's and the compliance report's summaries: how many agencies per level × state (connection state on the
board, compliant or not in the report), each count a link to the list it counts, and a stacked-bar chart of the
same counts (`core.charts`), with the table beside it for those who read rather than look.

Pure arithmetic over what the page already holds: no query.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from lienthong.core import charts
from lienthong.org.constants import Level

# A state's colour on the chart: saturated enough for a thin bar, with the counts written on it in a colour that
# reads (charts chooses white or ink); the legend names each, so colour is never the only cue.
COLOURS = {
    "connected": "#1e6b34", "degraded": "#f0b400", "disconnected": "#a3141b", "never": "#c9ced4",
    "compliant": "#1e6b34", "non_compliant": "#a3141b",
}  # fmt: skip


@dataclass(frozen=True)
class Count:
    """A count and the query string of the list it counts (the page's own filters)."""

    n: int
    query: str
    current: bool = False  # the list the page shows now (its filters are this count's)


@dataclass(frozen=True)
class LevelRow:
    level: str
    label: str
    counts: tuple[Count, ...]  # one per state, in the columns' order
    total: Count


@dataclass(frozen=True)
class LevelStateSummary:
    columns: tuple[tuple[str, str], ...]  # (state, label), worst first
    rows: tuple[LevelRow, ...]  # the levels that have agencies, province first
    totals: tuple[Count, ...]  # per state, every level
    total: Count
    chart: charts.Chart | None  # None when there is nothing to draw

    @property
    def by_state(self) -> list[tuple[str, str, list[Count], Count]]:
        """The table turned for a narrow page: per state, its count at each level and in all (levels as columns)."""
        return [(state, label, [row.counts[i] for row in self.rows], self.totals[i])
                for i, (state, label) in enumerate(self.columns)]  # fmt: skip


def _query(names: tuple[str, str], level: str = "", state: str = "") -> str:
    level_name, state_name = names
    pairs = [(name, value) for name, value in ((level_name, level), (state_name, state)) if value]
    return "?" + urlencode(pairs) if pairs else "?"


def level_state_summary(
    items: Iterable[Any],
    *,
    states: Sequence[tuple[str, str]],
    state_of: Callable[[Any], str],
    names: tuple[str, str] = ("level", "state"),
    current: tuple[str, str] = ("", ""),
    title: str,
    desc: str,
) -> LevelStateSummary:
    """Count `items` (with a `level`) per level × state (`state_of(item)`, one of `states`); `names` are the query
    parameters of the page's level and state filters, so each count links to the very list it counts; `current`
    (level, state) marks the count of the list shown now."""

    def count(n: int, level: str = "", state: str = "") -> Count:
        return Count(n, _query(names, level, state), current=any(current) and (level, state) == current)

    counted: dict[tuple[str, str], int] = {}
    for item in items:
        key = (item.level, state_of(item))
        counted[key] = counted.get(key, 0) + 1
    levels = [(value, label) for value, label in Level.choices if any(level == value for level, _s in counted)]
    rows = tuple(
        LevelRow(
            level=level,
            label=str(label),
            counts=tuple(count(counted.get((level, state), 0), level, state) for state, _l in states),
            total=count(sum(counted.get((level, state), 0) for state, _l in states), level),
        )
        for level, label in levels
    )
    totals = tuple(
        count(sum(counted.get((level, state), 0) for level, _l in levels), state=state) for state, _l in states
    )
    chart = None
    if rows:
        said = "; ".join(
            f"{row.label}: " + ", ".join(f"{c.n} {label}" for c, (_s, label) in zip(row.counts, states, strict=True))
            for row in rows
        )
        chart = charts.stacked_bars(
            title=title,
            desc=f"{desc} {said}.",
            labels=[row.label for row in rows],
            series=[
                (str(label), [row.counts[i].n for row in rows], COLOURS.get(state, charts.BAR))
                for i, (state, label) in enumerate(states)
            ],  # fmt: skip
            x_label=_("Phần trăm số cơ quan, đơn vị của cấp (số ghi trên thanh)"),
            as_share=True,
        )
    return LevelStateSummary(
        columns=tuple((state, str(label)) for state, label in states),
        rows=rows,
        totals=totals,
        total=count(sum(c.n for c in totals)),
        chart=chart,
    )


# The compliance report's two results, worst first, as its page writes them.
RESULTS = ("non_compliant", "compliant")


def result_of(line: Any) -> str:
    return "compliant" if line.compliant else "non_compliant"


def compliance_summary(
    lines: Iterable[Any], *, month_label: str, current: tuple[str, str] = ("", "")
) -> LevelStateSummary:
    """The month's units per level × result, each count linking to the report's page filtered (`level`, `result`)."""
    return level_state_summary(
        lines,
        current=current,
        states=[("non_compliant", "✕ " + _("Không đạt")), ("compliant", "✓ " + _("Đạt"))],
        state_of=result_of,
        names=("level", "result"),
        title=_("Kết quả tuân thủ kết nối tháng %(month)s theo cấp") % {"month": month_label},
        desc=_("Số cơ quan, đơn vị đạt và không đạt của mỗi cấp trong tháng."),
    )
