"""The province issues one item to every commune at once; a unit adds its own; a milestone past its date and not
done turns the item amber, and marking it done brings it back on track."""

import datetime as dt

import pytest

from lienthong.org.constants import AgencyKind, Level, UnitKind
from lienthong.org.models import AdministrativeUnit, Agency
from lienthong.roadmaps.constants import EvidenceKind, ItemKind, ItemStatus, Source
from lienthong.roadmaps.models import Milestone, RoadmapItem
from lienthong.roadmaps.selectors import plan_group_agencies
from lienthong.roadmaps.services import due_compute, milestone_done, plan_issue, status_refresh
from tests.roadmaps.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes(province):
    """Four more communes, each with its people's committee (five with the fixture's own)."""
    for n in range(4):
        unit = AdministrativeUnit.objects.create(
            code=f"2605{n}",
            name=f"Xã Thử {n}",
            level=Level.COMMUNE,
            kind=UnitKind.COMMUNE,
            parent=province["unit"],
            valid_from=dt.date(2025, 7, 1),
        )
        Agency.objects.create(
            identifier_code=f"000.{n:02d}.50.H19",
            name=f"UBND xã Thử {n}",
            kind=AgencyKind.PEOPLES_COMMITTEE,
            level=Level.COMMUNE,
            unit=unit,
        )
    return plan_group_agencies("communes")


def test_a_plan_issues_one_item_to_every_commune_with_its_milestones(communes, province):
    plan = plan_issue(
        title="Cung cấp dịch vụ công trực tuyến toàn trình cấp xã",
        legal_basis="Thông báo 408/TB-VPCP",
        agencies=communes,
        kind=ItemKind.FULLY_ONLINE,
        due=due_compute(given=dt.date(2026, 8, 14)),
        evidence_kind=EvidenceKind.ONLINE_DOSSIERS,
        evidence_params={"count": 20},
        milestones=[("Rà soát thủ tục", dt.date(2026, 8, 5))],
    )
    items = RoadmapItem.objects.filter(plan=plan)
    assert len(communes) == 5
    assert sorted(items.values_list("agency_id", flat=True)) == sorted(a.pk for a in communes)
    assert set(items.values_list("source", flat=True)) == {Source.PLAN}
    assert province["committee"].pk in {a.pk for a in communes}
    assert province["commune_centre"].pk not in {a.pk for a in communes}  # not a committee: not a commune's answer
    assert Milestone.objects.filter(item__plan=plan).count() == 5


def test_a_slipped_milestone_turns_the_item_amber_and_done_brings_it_back(communes):
    plan = plan_issue(
        title="Kết nối hệ thống",
        legal_basis="KH 18/KH-UBND",
        agencies=communes[:1],
        kind=ItemKind.CONNECT_SYSTEM,
        due=due_compute(given=dt.date(2026, 9, 30)),
        evidence_kind=EvidenceKind.DOCUMENT,
        milestones=[("Ký hợp đồng", dt.date(2026, 9, 10))],
    )
    item = plan.items.get()
    assert status_refresh(items=[item], now=at("2026-09-10")) == []  # the milestone's own day: not slipped
    (changed,) = status_refresh(items=[item], now=at("2026-09-11"))
    assert changed.status == ItemStatus.AMBER

    milestone_done(milestone=item.milestones.get(), on=dt.date(2026, 9, 11))
    item.refresh_from_db()
    assert item.status in (ItemStatus.RED, ItemStatus.ON_TRACK)  # judged today by the service: past or not the due
    status_refresh(items=[item], now=at("2026-09-12"))
    item.refresh_from_db()
    assert item.status == ItemStatus.ON_TRACK
