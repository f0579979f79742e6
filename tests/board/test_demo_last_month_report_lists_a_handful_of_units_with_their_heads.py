"""The demo gives last month's compliance report a story at first start: most units compliant, a handful out of
compliance (the disconnected and never-connected ones, a few with long or escalated outages), with their heads."""

import pytest

from lienthong.board.compliance import compliance_month, last_month
from lienthong.board.models import StateChange
from lienthong.demo.systems import demo_systems_history_load
from tests.demo.conftest import demo  # noqa: F401 — the demo province, built once for this module

pytestmark = pytest.mark.django_db


def test_last_months_report_lists_a_handful_of_non_compliant_units_with_their_heads(demo):  # noqa: F811
    report = compliance_month(*last_month())

    bad = report.non_compliant
    assert 5 <= len(bad) <= 12, [(line.name, [str(r) for r in line.reasons]) for line in bad]
    assert report.counts["unknown"] == 0  # the history covers the whole month
    codes = {reason.code for line in bad for reason in line.reasons}
    assert {"never_connected", "low_availability", "escalated"} <= codes
    assert sum(1 for line in bad if line.head_name) >= 3
    assert demo_systems_history_load() == 0  # written once
    assert StateChange.objects.exists()
