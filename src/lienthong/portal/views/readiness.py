"""The public headline of the province's digital readiness (issue 16, item 4): from the latest quarter's survey, the
share of adults with a smartphone and with a VNeID level-2 account, how many communes answered; the share of the
communes' dossiers submitted online in that quarter; and the units' roadmaps — items done, in progress, behind and
overdue per level. Sums and counts only: no commune's answers, no person's name. Numbers kept in the cache a few
minutes (one entry for both languages); the chart is cached by its content (core.charts)."""

from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lienthong.org.constants import Level
from lienthong.readiness.models import SurveyPeriod
from lienthong.readiness.selectors import Headline, headline_period, province_headline
from lienthong.roadmaps.charts import status_bars
from lienthong.roadmaps.constants import ItemStatus
from lienthong.roadmaps.selectors import statuses_by_level

READINESS_TTL = 5 * 60
CACHE_KEY = "portal:readiness:v1"
LEVELS = (Level.PROVINCE, Level.COMMUNE)  # the departments, the communes' people's committees


@dataclass(frozen=True)
class Figures:
    headline: Headline | None
    year: int
    quarter: int
    statuses: dict[str, dict[str, int]]
    computed_at: object


def _figures() -> Figures:
    figures = cache.get(CACHE_KEY)
    if figures is None:
        period = headline_period()
        figures = Figures(
            headline=province_headline(period=period) if period else None,
            year=period.year if period else 0,
            quarter=period.quarter if period else 0,
            statuses=statuses_by_level(),
            computed_at=timezone.now(),
        )
        cache.set(CACHE_KEY, figures, READINESS_TTL)
    return figures


def _level_label(level: str) -> str:
    return _("Sở, ban, ngành") if level == Level.PROVINCE else _("Xã, phường")


def _share(value: float | None) -> str:
    return "—" if value is None else f"{formats.number_format(100 * value, decimal_pos=1)} %"


def _headline_figures(headline: Headline | None) -> list[tuple[str, str, str]]:
    """(what, the figure, of what) for the page's four boxes."""
    if headline is None:
        return []

    def number(value: int) -> str:  # 1.623.140 in Vietnamese, 1,623,140 in English
        return f"{value:,}".replace(",", "." if (get_language() or "vi").startswith("vi") else ",")

    return [
        (_("Người trưởng thành có điện thoại thông minh"), _share(headline.smartphone_share),
         _("%(n)s trên %(of)s người") % {"n": number(headline.smartphone_owners),
                                        "of": number(headline.adults)}),
        (_("Có tài khoản định danh điện tử mức 2 (VNeID)"), _share(headline.vneid_share),
         _("%(n)s người") % {"n": number(headline.vneid_level2)}),
        (_("Hồ sơ cấp xã nộp trực tuyến trong quý"), _share(headline.online_share),
         _("%(n)s trên %(of)s hồ sơ") % {"n": number(headline.online),
                                        "of": number(headline.received)}),
        (_("Xã, phường đã khảo sát"), f"{headline.surveyed}/{headline.communes}", ""),
    ]  # fmt: skip


@require_GET
def readiness(request: HttpRequest) -> HttpResponse:
    figures = _figures()
    levels = [(level, figures.statuses.get(level, dict.fromkeys(ItemStatus.values, 0))) for level in LEVELS]
    rows = [
        {
            "label": _level_label(level),
            "total": sum(counts.values()),
            "counts": [(value, label, counts.get(value, 0)) for value, label in ItemStatus.choices],
        }
        for level, counts in levels
    ]
    chart = status_bars([(_level_label(level), counts) for level, counts in levels],
                        title=_("Nhiệm vụ lộ trình theo trạng thái, theo cấp"))  # fmt: skip
    period = SurveyPeriod(year=figures.year, quarter=figures.quarter) if figures.headline else None
    return render(
        request,
        "portal/readiness.html",
        {
            "headline": figures.headline,
            "figures": _headline_figures(figures.headline),
            "period_label": period.label if period else "",
            "rows": rows,
            "chart": chart,
            "statuses": ItemStatus.choices,
            "computed_at": figures.computed_at,
        },
    )
