"""The leaders' dashboard's charts, drawn by `core.charts` (server-side SVG, accessible, cached): the province's or a
unit's score over the last twelve periods, the share of each group's points, the units ranked, the delays of the
late dossiers, the on-time rate by row."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from lienthong.core import charts
from lienthong.reports import dashboard
from lienthong.reports.index766 import Period, UnitResult
from lienthong.reports.kpi766 import load_version
from lienthong.reports.labels import label_of
from lienthong.reports.units import UnitKind

BARS_SHOWN = 20  # a ranked chart longer than this is unreadable on a phone: the table beside it has every row


def unit_trend(result: UnitResult, period: Period) -> charts.Chart:
    points = dashboard.unit_trend(result.unit.id, period=period)
    return charts.trend(
        title=_("Điểm Chỉ số phục vụ của %(unit)s, 12 kỳ gần nhất") % {"unit": result.unit.name},
        desc=_("Tổng điểm trên thang 100 theo từng kỳ, kỳ cũ nhất bên trái."),
        labels=[p.period.short_label for p in points],
        values=[None if p.total is None else float(p.total) for p in points],
        y_label=_("điểm / 100"),
    )


def province_trend(period: Period) -> charts.Chart | None:
    scores = dashboard.scores_for(period)
    return unit_trend(scores.province, period) if scores.province else None


def overview_charts(period: Period, scores) -> dict[str, charts.Chart | None]:
    """The three charts of the overview (and of its PDF) for `period`'s scores, in the active language — one
    function for the page, the export and the worker that draws them ahead (`overview_charts_draw`)."""
    return {
        "trend_chart": province_trend(period),
        "groups_chart": group_shares(scores.province) if scores.province else None,
        "departments_chart": ranked_totals(scores.departments, title=_("Điểm của các sở, ban, ngành")),
    }


def overview_charts_draw(period: Period) -> int:
    """Draw the overview's charts of `period` in every language into the cache, as the worker does after counting
    the period's figures: a leader opening the page then reads them (a chart costs 0.1–0.3 s to draw). Useful where
    the cache is shared (Redis, `LIENTHONG_CACHE_URL`); with a per-process cache the page draws its own. How many
    charts."""
    scores = dashboard.scores_for(period)
    drawn = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            drawn += sum(chart is not None for chart in overview_charts(period, scores).values())
    return drawn


def unit_charts(result: UnitResult, period: Period) -> dict[str, charts.Chart | None]:
    """The two charts of a unit's page for `period` — its trend and the distribution of its late dossiers' delays —
    in the active language: one function for the page and the worker that draws them ahead (`unit_charts_draw`)."""
    unit_id = None if result.unit.kind == UnitKind.PROVINCE else result.unit.id  # the province's lists are everyone's
    return {"trend_chart": unit_trend(result, period), "delay_chart": delays(result, period, unit_id=unit_id)}


def unit_charts_draw(period: Period) -> int:
    """Draw every unit's page charts of `period` in every language into the cache, as the worker does after counting
    a month's figures. A chart's cache key holds its data, so a unit whose trend and delays did not move since the
    last count costs two cache reads and two statements (its frozen months, its late dossiers), not a drawing. How
    many charts."""
    scores = dashboard.scores_for(period)
    units = ([scores.province] if scores.province else []) + scores.departments + scores.communes
    drawn = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for result in units:
                drawn += sum(chart is not None for chart in unit_charts(result, period).values())
    return drawn


def group_shares(result: UnitResult) -> charts.Chart:
    """Each group's points as a share of its maximum: where the unit loses, at a glance."""
    labels, values = [], []
    version = load_version(result.score.version)
    names = {group.code: label_of(group) for group in version.groups}
    for group in result.score.groups:
        labels.append(names.get(group.code, group.code))  # short enough to stay whole; the points are beside it
        values.append(float(group.points / group.max_points * 100) if group.max_points else 0.0)
    return charts.ranked_bars(
        title=_("Tỷ lệ điểm đạt theo nhóm chỉ số — %(unit)s") % {"unit": result.unit.name},
        desc=_("Điểm đạt của mỗi nhóm so với điểm tối đa của nhóm, cao nhất ở trên."),
        labels=labels, values=values, x_label=_("điểm đạt (%)"), percent=True,
    )  # fmt: skip


def ranked_totals(results: list[UnitResult], *, title: str) -> charts.Chart | None:
    shown = [r for r in results if r.counts.get("dossiers_received")][:BARS_SHOWN]
    if not shown:
        return None
    return charts.ranked_bars(
        title=title,
        desc=_("Tổng điểm trên thang 100 của các đơn vị có hồ sơ trong kỳ, cao nhất ở trên."),
        labels=[r.unit.name for r in shown], values=[float(r.score.total) for r in shown], x_label=_("điểm / 100"),
    )  # fmt: skip


def delays(result: UnitResult, period: Period, *, unit_id: int | None) -> charts.Chart | None:
    days = dashboard.delays_in_days(unit_id=unit_id, period=period)
    if not days:
        return None
    edges = list(dashboard.DELAY_BINS)
    clipped = [min(d, edges[-1]) for d in days]  # 60 days and more share the last bin
    return charts.distribution(
        title=_("Hồ sơ trễ hạn theo số ngày trễ — %(unit)s, %(period)s") % {"unit": result.unit.name,
                                                                           "period": period.label},
        desc=_("Số hồ sơ kết thúc xử lý trong kỳ sau ngày hẹn trả, theo số ngày trễ (ngày lịch)."),
        values=clipped, bin_edges=edges, x_label=_("số ngày trễ"), y_label=_("số hồ sơ"),
    )  # fmt: skip


def on_time_bars(table) -> charts.Chart | None:
    rows = [row for row in table.rows if row.rate is not None]
    if not rows or table.grouping == "month":
        return _month_trend(table) if table.grouping == "month" else None
    rows = sorted(rows, key=lambda r: (r.rate, r.label))[:BARS_SHOWN]  # the weakest first: those to look at
    return charts.ranked_bars(
        title=_("Tỷ lệ giải quyết đúng hạn — %(period)s (thấp nhất)") % {"period": table.period.label},
        desc=_("Hồ sơ giải quyết đúng hạn trên hồ sơ đã giải quyết trong kỳ, các dòng có tỷ lệ thấp nhất."),
        labels=[r.label for r in rows], values=[float(r.rate) for r in rows], x_label=_("đúng hạn (%)"), percent=True,
    )  # fmt: skip


def _month_trend(table) -> charts.Chart | None:
    if not table.rows:
        return None
    return charts.trend(
        title=_("Tỷ lệ giải quyết đúng hạn theo tháng"),
        desc=_("Hồ sơ giải quyết đúng hạn trên hồ sơ đã giải quyết, mỗi tháng của kỳ."),
        labels=[Period.parse(r.key).short_label for r in table.rows],
        values=[None if r.rate is None else float(r.rate) for r in table.rows],
        y_label=_("đúng hạn (%)"), percent=True,
    )  # fmt: skip


def national_rank_trend(ranks) -> charts.Chart | None:
    """The province's rank among the provinces, as the national dashboard published it (`official_store.
    national_ranks`), over the periods given; None when no period has one."""
    if not any(ranks):
        return None
    return charts.trend(
        title=_("Thứ hạng toàn quốc của tỉnh theo điểm Cổng Dịch vụ công quốc gia công bố"),
        desc=_("Thứ hạng của tỉnh trong các tỉnh, thành phố theo từng kỳ (1 là cao nhất), kỳ cũ nhất bên trái; kỳ "
               "chưa nhập điểm công bố để trống."),
        labels=[r.period.short_label if r else "" for r in ranks], values=[float(r.rank) if r else None for r in ranks],
        y_label=_("thứ hạng"),
    )  # fmt: skip
