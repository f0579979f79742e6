"""Roadmap charts (core.charts, server-side SVG): items by status, one bar per row (a unit, or a level of units),
each segment with its count written on it and a legend, so colour is never the only cue."""

from django.utils.translation import gettext as _

from lienthong.core import charts
from lienthong.roadmaps.constants import ItemStatus

# the board's colours for the same meanings: done green, behind amber, overdue red, in progress grey
COLOURS = {
    ItemStatus.GREEN: "#1e6b34",
    ItemStatus.ON_TRACK: "#8a939e",
    ItemStatus.AMBER: "#f0b400",
    ItemStatus.RED: "#a3141b",
}
ORDER = (ItemStatus.GREEN, ItemStatus.ON_TRACK, ItemStatus.AMBER, ItemStatus.RED)


def status_bars(rows: list[tuple[str, dict[str, int]]], *, title: str) -> charts.Chart | None:
    """`rows`: (label, status → items); None when there is no item to draw."""
    rows = [(label, counts) for label, counts in rows if sum(counts.values())]
    if not rows:
        return None
    said = "; ".join(
        f"{label}: " + ", ".join(f"{counts.get(s, 0)} {ItemStatus(s).label}" for s in ORDER) for label, counts in rows
    )
    return charts.stacked_bars(
        title=title,
        desc=_("Số nhiệm vụ lộ trình theo trạng thái.") + f" {said}.",
        labels=[label for label, _counts in rows],
        series=[(str(ItemStatus(s).label), [counts.get(s, 0) for _l, counts in rows], COLOURS[s]) for s in ORDER],
        x_label=_("Phần trăm số nhiệm vụ (số ghi trên thanh)"),
        as_share=True,
    )
