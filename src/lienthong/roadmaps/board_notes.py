"""The roadmap's note on the connection board and in its monthly compliance report (board.extensions)."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from lienthong.board.extensions import Note
from lienthong.roadmaps.constants import ItemStatus
from lienthong.roadmaps.models import RoadmapItem
from lienthong.roadmaps.selectors import worst_status

CSS = {
    ItemStatus.GREEN: "result-compliant",
    ItemStatus.ON_TRACK: "new",
    ItemStatus.AMBER: "state-degraded",
    ItemStatus.RED: "state-disconnected",
}


def _label(counts: dict[str, int]) -> str:
    total = sum(counts.values())
    parts = [_("%(done)s/%(total)s hoàn thành") % {"done": counts[ItemStatus.GREEN], "total": total}]
    if counts[ItemStatus.RED]:
        parts.append(_("%(n)s quá hạn") % {"n": counts[ItemStatus.RED]})
    if counts[ItemStatus.AMBER]:
        parts.append(_("%(n)s chậm mốc") % {"n": counts[ItemStatus.AMBER]})
    return ", ".join(parts)


def roadmap_notes(*, agency_ids: list[int], on: dt.date) -> dict[int, list[Note]]:
    """Per agency with items: its worst status, done/total and the overdue ones by name (one query)."""
    counts: dict[int, dict[str, int]] = {}
    overdue: dict[int, list[str]] = {}
    rows = RoadmapItem.objects.filter(agency_id__in=agency_ids).order_by("due_on", "id")
    for agency_id, status, title, due_on in rows.values_list("agency_id", "status", "title", "due_on"):
        counts.setdefault(agency_id, dict.fromkeys(ItemStatus.values, 0))[status] += 1
        if status == ItemStatus.RED:
            overdue.setdefault(agency_id, []).append(
                _("Quá hạn: %(title)s (hạn %(due)s)") % {"title": title, "due": due_on.strftime("%d/%m/%Y")}
            )
    url = reverse("roadmaps:list")
    return {
        agency_id: [
            Note(
                heading=_("Lộ trình"),
                label=_label(c),
                css=CSS[worst_status(c)],
                url=f"{url}?don_vi={agency_id}",
                details=tuple(overdue.get(agency_id, ())),
            )
        ]
        for agency_id, c in counts.items()
    }
