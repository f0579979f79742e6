"""A unit's trend reads each ended month frozen on the 1st from its snapshot — what the leaders were shown then, one
query for all — and scores live only the months not frozen and the period on the page."""

import pytest

from lienthong.reports.dashboard import unit_trend
from lienthong.reports.index766 import Period
from lienthong.reports.models import ScoreSnapshot
from lienthong.reports.snapshots import snapshot_take
from lienthong.reports.units import PROVINCE_AS_A_WHOLE
from tests.reports.conftest import at

pytestmark = pytest.mark.django_db


def test_a_frozen_month_keeps_its_published_total_and_the_pages_month_is_live(walk):
    walk.receive(at(2, 8, month=2))
    february, march = Period("month", 2026, 2), Period("month", 2026, 3)
    snapshot_take(period=february)
    frozen = ScoreSnapshot.objects.get(period_key="2026-02", unit_id=PROVINCE_AS_A_WHOLE)
    ScoreSnapshot.objects.filter(pk=frozen.pk).update(total=frozen.total - 1)  # as if the month moved since

    points = {p.period.key: p for p in unit_trend(PROVINCE_AS_A_WHOLE, period=march, count=3)}

    assert points["2026-02"].frozen and points["2026-02"].total == frozen.total - 1
    assert not points["2026-03"].frozen  # the page's own period: live, as the figure above the chart
    assert not points["2026-01"].frozen  # nothing frozen: scored now
