"""The demo's live systems go on sending heartbeats and calls after the build, so the board the next day still shows
most units connected; the silent ones stay silent. Outside the demo the tick does nothing."""

import datetime as dt

import pytest
import time_machine

from lienthong.board.constants import ConnectionState
from lienthong.board.selectors import board_agencies
from lienthong.demo.traffic import demo_live_systems_set, demo_traffic_tick
from lienthong.gateway.constants import SystemKind
from lienthong.gateway.models import CallStat, Heartbeat
from lienthong.gateway.services.credentials import system_create
from tests.dossiers.conftest import province  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db
BUILT = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)


def _states() -> dict[str, str]:
    return {s.name: s.state for a in board_agencies() for s in a.systems}


def test_live_systems_stay_connected_or_degraded_and_silent_ones_disconnect(province):  # noqa: F811
    with time_machine.travel(BUILT, tick=False):
        talking = system_create(agency=province["commune_centre"], name="Một cửa", kind=SystemKind.ONE_STOP)
        erring = system_create(agency=province["committee"], name="Một cửa UBND", kind=SystemKind.ONE_STOP)
        silent = system_create(agency=province["centre"], name="Một cửa tỉnh", kind=SystemKind.ONE_STOP)
        for system in (talking, erring, silent):
            Heartbeat.objects.create(system=system, at=BUILT, version="1")
            system.last_heartbeat_at = BUILT
            system.save(update_fields=["last_heartbeat_at"])
        demo_live_systems_set({talking.pk: 0.0, erring.pk: 0.125})

    next_day = BUILT + dt.timedelta(days=1)
    with time_machine.travel(next_day, tick=False):
        assert demo_traffic_tick() == 2
        assert demo_traffic_tick() == 2  # a second tick in the same minute writes no second call row
        states = _states()
    assert states == {"Một cửa": ConnectionState.CONNECTED, "Một cửa UBND": ConnectionState.DEGRADED,
                      "Một cửa tỉnh": ConnectionState.DISCONNECTED}  # fmt: skip
    assert CallStat.objects.filter(system=erring).get().errors > 0
    assert not CallStat.objects.filter(system=silent).exists()
    # heartbeats older than the demo keeps are gone; the silent one's last is kept
    assert not Heartbeat.objects.filter(system=talking, at=BUILT).exists()
    assert Heartbeat.objects.filter(system=silent).count() == 1


def test_outside_the_demo_the_tick_does_nothing(province):  # noqa: F811
    system_create(agency=province["commune_centre"], name="Một cửa", kind=SystemKind.ONE_STOP)
    assert demo_traffic_tick() == 0
    assert not Heartbeat.objects.exists() and not CallStat.objects.exists()
