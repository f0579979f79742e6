"""The readiness view's chart: the communes with the lowest smartphone share among their adults — where the province
acts first — as ranked bars with their values in a table (core.charts). The full ranking is the table below it;
95 bars would make a phone scroll through several metres of chart."""

from django.utils.translation import gettext as _

from lienthong.core import charts
from lienthong.readiness.selectors import CommuneReadiness

CHARTED = 15


def smartphone_chart(rows: list[CommuneReadiness]) -> charts.Chart | None:
    answered = sorted((r for r in rows if r.rates["smartphone"] is not None), key=lambda r: r.rates["smartphone"])
    if not answered:
        return None
    lowest = answered[:CHARTED]
    return charts.ranked_bars(
        title=_("%(n)s xã có tỷ lệ người trưởng thành có điện thoại thông minh thấp nhất") % {"n": len(lowest)},
        desc=_("Tỷ lệ người trưởng thành có điện thoại thông minh của các xã thấp nhất, cao nhất ở trên."),
        labels=[r.name for r in lowest],
        values=[round(100 * r.rates["smartphone"], 1) for r in lowest],
        x_label=_("Tỷ lệ (%)"),
        percent=True,
    )
