"""Who is out of compliance for a month and why: no system or never connected, availability under
`board.compliance_min_availability`, an outage escalated in the month, a national-portal sync share under
`board.compliance_min_sync_share` — thresholds read from core.Rule, so an administrator changes them in the admin."""

import pytest
import time_machine

from lienthong.board import compliance
from lienthong.board.compliance import compliance_month
from lienthong.board.models import Escalation
from lienthong.core.models import Rule
from lienthong.gateway.constants import SystemKind
from lienthong.gateway.services.credentials import system_create
from lienthong.reports.sync_share import SyncShare
from tests.board.conftest import at

pytestmark = pytest.mark.django_db
NOW = at("2026-11-10", "09:00")


def _line(report, agency):
    return next(line for line in report.lines if line.agency_id == agency.pk)


def _codes(report, agency):
    return [reason.code for reason in _line(report, agency).reasons]


def _october():
    with time_machine.travel(NOW, tick=False):
        return compliance_month(2026, 10)


@pytest.fixture
def unit(province, history):
    """The commune centre's system: up all October but for 22 hours (97.0 %)."""
    with time_machine.travel(at("2026-09-01"), tick=False):
        system = system_create(agency=province["commune_centre"], name="Một cửa Trấn Biên", kind=SystemKind.ONE_STOP)
    history(system, ("2026-09-01", "connected"), (at("2026-10-12", "00:00"), "disconnected"),
            (at("2026-10-12", "22:19"), "connected"))  # fmt: skip
    return system


def test_availability_is_judged_against_the_rule(province, unit):
    assert _codes(_october(), province["commune_centre"]) == []

    Rule.objects.create(key="board.compliance_min_availability", value=0.98)
    report = _october()

    assert _codes(report, province["commune_centre"]) == ["low_availability"]
    reason = str(_line(report, province["commune_centre"]).reasons[0])
    assert "Một cửa Trấn Biên" in reason and "97.0 %" in reason and "98.0 %" in reason


def test_the_sync_share_is_judged_against_the_rule_only_for_units_that_received_dossiers(province, unit,
                                                                                         monkeypatch):  # fmt: skip
    centre, committee = province["commune_centre"], province["committee"]
    monkeypatch.setattr(compliance, "sync_share_by_agency", lambda **kwargs: [
        SyncShare(agency_id=centre.pk, received=100, synced=85), SyncShare(agency_id=committee.pk, received=0, synced=0)
    ])  # fmt: skip
    assert _codes(_october(), centre) == ["low_sync_share"]
    assert _codes(_october(), committee) == ["no_system"]  # and nothing about dossiers it did not receive

    Rule.objects.create(key="board.compliance_min_sync_share", value=0.8)
    assert _codes(_october(), centre) == []


def test_an_outage_escalated_in_the_month_puts_the_unit_out_of_compliance(province, unit):
    Escalation.objects.create(system=unit, outage_since=at("2026-10-12"), sent_at=at("2026-10-13", "00:30"),
                              recipients=["a@example.vn"], head_name="Trần Thị Bình")  # fmt: skip
    # and September's escalation is not October's
    Escalation.objects.create(system=unit, outage_since=at("2026-09-12"), sent_at=at("2026-09-13", "00:30"),
                              recipients=["a@example.vn"], head_name="Trần Thị Bình")  # fmt: skip
    report = _october()

    assert _codes(report, province["commune_centre"]) == ["escalated"]
    assert _line(report, province["commune_centre"]).escalations == 1


def test_units_without_a_system_or_never_connected_are_out_of_compliance_and_listed_first(province, unit, history):
    with time_machine.travel(at("2026-09-01"), tick=False):
        silent = system_create(agency=province["centre"], name="Một cửa tỉnh", kind=SystemKind.ONE_STOP)
    history(silent, ("2026-09-01", "never"))
    report = _october()

    assert _codes(report, province["centre"]) == ["never_connected"]
    assert _codes(report, province["department"]) == ["no_system"]
    assert [line.compliant for line in report.lines] == [False, False, False, True]
    assert report.counts == {"total": 4, "non_compliant": 3, "compliant": 1, "unknown": 0}
