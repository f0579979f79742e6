"""A unit's roadmap on paper: its head, its items by status (a chart, inline SVG, which WeasyPrint draws as vectors),
then every item with its legal basis, due date, milestones and evidence — a Vietnamese document whatever the
officer's screen language, laid out by WeasyPrint offline (`core.pdf`), as the board's compliance report is."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from lienthong.board.selectors import agencies_with_head
from lienthong.core.pdf import html_to_pdf
from lienthong.org.models import Agency
from lienthong.roadmaps.charts import status_bars
from lienthong.roadmaps.constants import ItemStatus
from lienthong.roadmaps.models import RoadmapItem

LANGUAGE = "vi"


def unit_roadmap_html(*, agency: Agency, items: list[RoadmapItem]) -> str:
    now = timezone.now()
    with translation.override(LANGUAGE):
        head = agencies_with_head(timezone.localdate(now), [agency.pk]).first()
        counts = dict.fromkeys(ItemStatus.values, 0)
        for item in items:
            counts[item.status] += 1
        return render_to_string(
            "roadmaps/unit_pdf.html",
            {
                "agency": agency,
                "head": head,
                "items": items,
                "counts": [(value, label, counts[value]) for value, label in ItemStatus.choices],
                "chart": status_bars([(agency.name, counts)], title=f"Nhiệm vụ lộ trình của {agency.name}"),
                "generated_at": now,
            },
        )


def unit_roadmap_pdf(*, agency: Agency, items: list[RoadmapItem]) -> bytes:
    """A4 portrait: the unit, its head, the counts and chart by status, the items (the header on each page)."""
    return html_to_pdf(unit_roadmap_html(agency=agency, items=items))
