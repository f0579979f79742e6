"""A leader opening the demo on its first day sees a trend: every finished month of the history has its Decision 766
scores frozen, for every unit, as the monthly task would have left them; the running month has none."""

import pytest
from django.db.models import Count, Min
from django.utils import timezone

from lienthong.reports.index766 import Period
from lienthong.reports.kpi766 import CURRENT_VERSION
from lienthong.reports.models import DossierFact, ScoreSnapshot
from lienthong.reports.units import AgencyTree

pytestmark = pytest.mark.django_db


def test_every_finished_month_since_the_first_dossier_is_frozen_for_every_unit(demo):
    first = Period.containing("month", DossierFact.objects.aggregate(at=Min("received_at"))["at"])
    last = Period.containing("month", timezone.now()).previous()
    expected, month = [], first
    while (month.year, month.n) <= (last.year, last.n):
        expected.append(month.key)
        month = Period("month", month.year + month.n // 12, month.n % 12 + 1)

    per_month = dict(
        ScoreSnapshot.objects.filter(version=CURRENT_VERSION)
        .values_list("period_key")
        .annotate(units=Count("id"))
        .order_by("period_key")
    )

    assert len(expected) >= 24  # two years of history
    assert list(per_month) == expected
    assert set(per_month.values()) == {len(AgencyTree().scored_units())}
