"""A month's availability from the state history: connected and degraded count as up, outages are the disconnected
periods clipped to the month (in Viet Nam time), time before the history begins is unknown — never 100 %."""

import datetime as dt

import pytest
import time_machine

from lienthong.board.compliance import compliance_month
from lienthong.gateway.constants import SystemKind
from lienthong.gateway.services.credentials import system_create
from tests.board.conftest import at

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)
NOW = at("2026-11-10", "09:00")


def _system_month(report, system):
    return next(s for line in report.lines for s in line.systems if s.id == system.pk)


@pytest.fixture
def systems(province):
    with time_machine.travel(at("2026-09-01"), tick=False):
        return [system_create(agency=province["commune_centre"], name=f"Hệ thống {n}", kind=SystemKind.ONE_STOP)
                for n in range(3)]  # fmt: skip


def test_outages_straddling_both_ends_of_the_month_count_only_their_part_inside(systems, history):
    # given an outage from 30/9 22:00 to 1/10 02:00, one of 3 hours on 15/10 and one from 31/10 23:00 to 1/11 05:00
    history(systems[0], ("2026-09-20", "never"), ("2026-09-25", "connected"),
            (at("2026-09-30", "22:00"), "disconnected"), (at("2026-10-01", "02:00"), "connected"),
            (at("2026-10-10", "08:00"), "degraded"), (at("2026-10-10", "09:00"), "connected"),
            (at("2026-10-15", "08:00"), "disconnected"), (at("2026-10-15", "11:00"), "connected"),
            (at("2026-10-31", "23:00"), "disconnected"), (at("2026-11-01", "05:00"), "connected"))  # fmt: skip

    with time_machine.travel(NOW, tick=False):
        october = _system_month(compliance_month(2026, 10), systems[0]).availability
        september = _system_month(compliance_month(2026, 9), systems[0]).availability

    # then October has 6 hours down of 744 (the degraded hour is up) and three outages, the longest 3 hours
    assert october.share == pytest.approx((744 - 6) / 744)
    assert len(october.outages) == 3
    assert october.longest_outage == 3 * HOUR
    assert october.coverage == pytest.approx(1)
    # and September knows only its last 11 days: 5 never connected, 2 hours disconnected
    assert september.coverage == pytest.approx(11 / 30)
    assert september.never == dt.timedelta(days=5)
    assert september.share == pytest.approx((6 * 24 - 2) / (11 * 24))


def test_a_month_before_the_history_is_unknown_and_a_partial_one_is_judged_on_what_is_known(systems, history):
    history(systems[1], (at("2026-10-16"), "connected"))
    with time_machine.travel(NOW, tick=False):
        october = compliance_month(2026, 10)
        september = compliance_month(2026, 9)

    assert _system_month(october, systems[1]).availability.share == 1
    assert _system_month(october, systems[1]).availability.coverage == pytest.approx(16 / 31)
    assert _system_month(october, systems[2]).availability.share is None  # no history at all: unknown
    assert _system_month(september, systems[1]).availability.share is None  # before the first change: unknown
    assert all(line.availability is None for line in september.lines)
    assert september.counts["unknown"] == 1 and september.counts["non_compliant"] == 3  # the others have no system


def test_the_current_month_is_counted_up_to_now(systems, history):
    history(systems[0], (at("2026-10-20"), "connected"), (at("2026-11-10", "08:00"), "disconnected"))
    with time_machine.travel(NOW, tick=False):
        report = compliance_month(2026, 11)

    assert report.end == NOW
    availability = _system_month(report, systems[0]).availability
    assert availability.outages == [HOUR]
    assert availability.share == pytest.approx((9 * 24 + 8) / (9 * 24 + 9))
