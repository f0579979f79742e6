"""Automatic evidence: the board shows the unit's system connected and in sync; the read model counts enough online
dossiers; the unit's Decision 766 total passes its threshold. One scheduler run after the fact, the item is green."""

import datetime as dt

import pytest
from django.utils import timezone

from lienthong.gateway.services.reports import heartbeat_record
from lienthong.org.constants import Level
from lienthong.reports.models import DailyFigure
from lienthong.roadmaps.constants import EvidenceKind, ItemKind, ItemStatus
from lienthong.roadmaps.services import due_compute, item_create
from lienthong.roadmaps.tasks import roadmaps_check

pytestmark = pytest.mark.django_db


def _run():
    roadmaps_check.call()


def test_a_connect_item_turns_green_in_the_run_after_its_system_connects(province, system):
    item = item_create(
        agency=province["commune_centre"],
        title="Kết nối phần mềm một cửa",
        kind=ItemKind.CONNECT_SYSTEM,
        due=due_compute(working_days=10),
        evidence_kind=EvidenceKind.CONNECTED,
        evidence_params={"system_id": system.pk},
    )
    _run()
    item.refresh_from_db()
    assert item.status == ItemStatus.ON_TRACK and not item.evidence_met
    assert "chưa kết nối" in item.evidence_note

    heartbeat_record(system=system, version="1.0", queue_depth=0)
    _run()

    item.refresh_from_db()
    assert item.status == ItemStatus.GREEN and item.evidence_met and item.done_at is not None
    assert system.name in item.evidence_note


def test_an_online_dossiers_item_turns_green_when_the_read_model_counts_enough(province):
    centre = province["commune_centre"]
    item = item_create(
        agency=centre,
        title="100 hồ sơ trực tuyến toàn trình",
        kind=ItemKind.FULLY_ONLINE,
        due=due_compute(working_days=20),
        evidence_kind=EvidenceKind.ONLINE_DOSSIERS,
        evidence_params={"count": 100},
    )
    today = timezone.localdate()

    def figure(online):
        DailyFigure.objects.create(
            day=today,
            agency_id=centre.pk,
            unit_id=province["committee"].pk,
            procedure_id=1,
            field_id=1,
            level=Level.COMMUNE,
            channel="online",
            received=online,
            online=online,
        )

    figure(60)
    _run()
    item.refresh_from_db()
    assert item.status == ItemStatus.ON_TRACK and item.evidence_note.startswith("60 ")

    DailyFigure.objects.filter(agency_id=centre.pk).update(online=100)
    _run()
    item.refresh_from_db()
    assert item.status == ItemStatus.GREEN


def test_a_green_item_is_not_checked_again_and_stays_done(province, system):
    item = item_create(
        agency=province["commune_centre"],
        title="Kết nối",
        kind=ItemKind.CONNECT_SYSTEM,
        due=due_compute(working_days=5),
        evidence_kind=EvidenceKind.CONNECTED,
    )
    heartbeat_record(system=system, version="1.0", queue_depth=0)
    _run()
    item.refresh_from_db()
    done_at = item.done_at
    assert item.status == ItemStatus.GREEN

    type(system).objects.filter(pk=system.pk).update(last_heartbeat_at=timezone.now() - dt.timedelta(hours=3))
    _run()
    item.refresh_from_db()
    assert item.status == ItemStatus.GREEN and item.done_at == done_at
