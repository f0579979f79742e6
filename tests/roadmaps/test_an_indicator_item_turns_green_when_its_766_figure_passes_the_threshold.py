"""Automatic evidence from the Decision 766 read model: an item on indicator DOSSIER_SYNC (1.4, dossiers synced to
the national portal) turns green in the run after the unit's rate reaches the threshold. The facts are written as
the read model's writer writes them, their month is marked changed as that writer does (`months_touch`,
`periods_touch`), and the worker counts the periods' figures again (`figures_refresh_menu`) before the next run."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lienthong.org.constants import Level
from lienthong.reports.figure_store import figures_refresh_menu, periods_touch
from lienthong.reports.freshness import months_touch
from lienthong.reports.models import DossierFact
from lienthong.roadmaps.constants import EvidenceKind, ItemKind, ItemStatus
from lienthong.roadmaps.evaluation import evidence_evaluate
from lienthong.roadmaps.services import due_compute, item_create

pytestmark = pytest.mark.django_db


def _facts(province, synced: int, total: int):
    now = timezone.now()
    committee = province["committee"]
    DossierFact.objects.bulk_create([
        DossierFact(dossier_id=n, agency_id=committee.pk, unit_id=committee.pk, procedure_id=1,
                    procedure_version_id=1, field_id=1, level=Level.COMMUNE, channel="counter", national_channel=1,
                    status="received", submitted_at=now, received_at=now, received_day=timezone.localdate(now),
                    national_sync_state="synced" if n <= synced else "", version=1)
        for n in range(1, total + 1)
    ])  # fmt: skip
    _changed(now)


def _changed(now) -> None:
    """What the read model's writer does after a fact's commit, and the worker's count it asks for."""
    months_touch([now])
    periods_touch([now])
    figures_refresh_menu(now=now)


def test_an_item_on_indicator_1_4_turns_green_when_the_sync_rate_reaches_its_threshold(province):
    item = item_create(agency=province["committee"], title="Đồng bộ hồ sơ lên Cổng DVC quốc gia ≥ 90 %",
                       kind=ItemKind.OTHER, due=due_compute(working_days=10), evidence_kind=EvidenceKind.INDICATOR,
                       evidence_params={"indicator": "DOSSIER_SYNC", "threshold": 90})  # fmt: skip
    _facts(province, synced=5, total=10)
    evidence_evaluate()
    item.refresh_from_db()
    assert item.status == ItemStatus.ON_TRACK
    assert item.evidence_note == "Chỉ số DOSSIER_SYNC (%): 50.0 (ngưỡng 90.0)."

    DossierFact.objects.update(national_sync_state="synced")
    _changed(timezone.now())
    evidence_evaluate()
    item.refresh_from_db()
    assert item.status == ItemStatus.GREEN
    assert item.evidence_note == "Chỉ số DOSSIER_SYNC (%): 100.0 (ngưỡng 90.0)."


def test_an_unknown_indicator_is_refused_with_a_clear_message(province):
    with pytest.raises(ValidationError, match="Không có chỉ số NOPE trong Bộ chỉ số QĐ 766"):
        item_create(
            agency=province["committee"],
            title="x",
            kind=ItemKind.OTHER,
            due=due_compute(working_days=3),
            evidence_kind=EvidenceKind.INDICATOR,
            evidence_params={"indicator": "nope", "threshold": 1},
        )
