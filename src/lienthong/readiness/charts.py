"""The readiness view's chart: communes ranked by their adults' smartphone share (core.charts: SVG and a table)."""

from django.utils.translation import gettext as _

from lienthong.core import charts
from lienthong.readiness.selectors import CommuneReadiness


def smartphone_chart(rows: list[CommuneReadiness]) -> charts.Chart | None:
    answered = [r for r in rows if r.rates["smartphone"] is not None]
    if not answered:
        return None
    return charts.ranked_bars(
        title=_("Tỷ lệ người trưởng thành có điện thoại thông minh"),
        desc=_("Các xã, phường xếp theo tỷ lệ người trưởng thành có điện thoại thông minh, cao nhất ở trên."),
        labels=[r.name for r in answered],
        values=[round(100 * r.rates["smartphone"], 1) for r in answered],
        x_label=_("Tỷ lệ (%)"),
        percent=True,
    )
