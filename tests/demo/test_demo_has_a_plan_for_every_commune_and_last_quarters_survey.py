"""The demo's roadmaps and readiness (issue 16): a provincial plan issued to the 95 communes with items in every
state, overdue ones already escalated to their heads; last quarter's survey of every commune, the quarter closed."""

import pytest
from django.utils import timezone

from lienthong.readiness.models import SurveyPeriod, SurveyRecord
from lienthong.readiness.selectors import readiness_rows
from lienthong.roadmaps.constants import ItemKind, ItemStatus, Source
from lienthong.roadmaps.escalation import escalations_send
from lienthong.roadmaps.models import ItemEscalation, Plan, RoadmapItem

pytestmark = pytest.mark.django_db


def test_a_plan_goes_to_the_95_communes_with_items_in_every_state(demo):
    plans = list(Plan.objects.all())
    assert len(plans) == 2 and all(p.items.count() == 95 for p in plans)
    assert RoadmapItem.objects.filter(kind=ItemKind.RECONNECT, source=Source.AUTOMATIC).exists()
    states = set(RoadmapItem.objects.values_list("status", flat=True))
    assert states == set(ItemStatus.values)
    overdue = RoadmapItem.objects.filter(status=ItemStatus.RED)
    assert overdue.exists()
    assert ItemEscalation.objects.filter(item__in=overdue, step="overdue").count() == overdue.count()
    assert not ItemEscalation.objects.filter(head_name="").exists()
    assert escalations_send() == []  # every step already due was sent when it fell due: the first run sends nothing


def test_last_quarters_survey_has_every_commune_and_is_closed(demo):
    period = SurveyPeriod.objects.filter(records__isnull=False).distinct().get()
    assert period.closed_at is not None
    assert SurveyRecord.objects.filter(period=period).count() == 95
    today = timezone.localdate()
    assert (period.year, period.quarter) < (today.year, (today.month - 1) // 3 + 1)
    rows = readiness_rows(period=period, with_scores=False)
    assert len(rows) == 95 and all(r.rates["smartphone"] for r in rows)
