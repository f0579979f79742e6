"""The readiness view on paper: the quarter's ranking of every commune with the system's own figures, the chart
(inline SVG, which WeasyPrint draws as vectors) and the assist list — a Vietnamese document whatever the officer's
screen language, laid out by WeasyPrint offline (`core.pdf`), as the board's compliance report is."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lienthong.core.pdf import html_to_pdf
from lienthong.org.constants import Level
from lienthong.org.models import AdministrativeUnit
from lienthong.org.services.units import unit_code
from lienthong.readiness.charts import smartphone_chart
from lienthong.readiness.models import SurveyPeriod
from lienthong.readiness.selectors import CommuneReadiness
from lienthong.readiness.tilemap import communes_map

LANGUAGE = "vi"


def province_name() -> str:
    code = unit_code(level=Level.PROVINCE, number=settings.LIENTHONG_PROVINCE_CODE)
    units = AdministrativeUnit.objects.filter(level=Level.PROVINCE, code=code).order_by("-valid_from")
    return units.values_list("name", flat=True).first() or ""


def readiness_html(*, period: SurveyPeriod, rows: list[CommuneReadiness], sort_label: str) -> str:
    with translation.override(LANGUAGE):
        return render_to_string(
            "readiness/overview_pdf.html",
            {
                "period": period,
                "rows": rows,
                "sort_label": sort_label,
                "chart": smartphone_chart(rows),  # drawn in Vietnamese (cached per language)
                "map": communes_map(rows),  # by smartphone share, as the worker draws it ahead
                "assist": [r for r in rows if r.assist],
                "answered": sum(1 for r in rows if r.record),
                "province": province_name(),
                "generated_at": timezone.now(),
            },
        )


def readiness_pdf(*, period: SurveyPeriod, rows: list[CommuneReadiness], sort_label: str) -> bytes:
    """A4 landscape: title, province, quarter, the chart of the lowest smartphone shares beside its values, the assist
    list, then every commune ranked (the header repeated on each page), and the communes' tile map on the last page."""
    return html_to_pdf(readiness_html(period=period, rows=rows, sort_label=sort_label))
