"""A system silent past the board's grace period gives its unit a "reconnect" item, once per outage; it turns green
when the system is back."""

import datetime as dt

import pytest
from django.utils import timezone

from lienthong.gateway.models import ConnectedSystem
from lienthong.gateway.services.reports import heartbeat_record
from lienthong.roadmaps.constants import ItemKind, ItemStatus, Source
from lienthong.roadmaps.escalation import reconnect_items_create
from lienthong.roadmaps.evaluation import evidence_evaluate
from lienthong.roadmaps.models import RoadmapItem

pytestmark = pytest.mark.django_db


def _silent_since(system, hours):
    since = timezone.now() - dt.timedelta(hours=hours)
    ConnectedSystem.objects.filter(pk=system.pk).update(last_heartbeat_at=since)


def test_a_reconnect_item_is_made_once_per_outage_and_turns_green_when_back(province, system):
    _silent_since(system, 3)
    assert reconnect_items_create() == []  # disconnected, but within the 24 h grace

    _silent_since(system, 30)
    (item,) = reconnect_items_create()
    assert reconnect_items_create() == []  # the same outage: nothing more
    assert (item.kind, item.source, item.system_id, item.agency_id) == (
        ItemKind.RECONNECT,
        Source.AUTOMATIC,
        system.pk,
        province["commune_centre"].pk,
    )
    assert item.due_on > timezone.localdate()

    heartbeat_record(system=system, version="1.0", queue_depth=0)
    evidence_evaluate()
    item.refresh_from_db()
    assert item.status == ItemStatus.GREEN
    assert RoadmapItem.objects.count() == 1
