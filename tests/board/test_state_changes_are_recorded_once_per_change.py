"""The periodic check records a system's state only when it changes, dated from when the change most likely
happened (the heartbeat plus the rule's threshold), in a fixed number of queries whatever the number of systems."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.board.constants import ConnectionState
from lienthong.board.history import state_changes_record
from lienthong.board.models import StateChange
from lienthong.board.tasks import escalations_check
from lienthong.gateway.constants import SystemKind
from lienthong.gateway.services.credentials import system_create
from lienthong.gateway.services.reports import heartbeat_record

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 10, 5, 1, 0, tzinfo=dt.UTC)


def _rows(system):
    return list(StateChange.objects.filter(system=system).order_by("since", "id").values_list("state", "since"))


def test_a_system_gets_one_row_per_change_and_none_while_its_state_holds(province):
    with time_machine.travel(START, tick=False) as clock:
        # given a system created and never heard from
        system = system_create(agency=province["commune_centre"], name="Một cửa", kind=SystemKind.ONE_STOP)
        state_changes_record()
        state_changes_record()
        assert _rows(system) == [(ConnectionState.NEVER, system.created_at)]

        # when it connects, then falls silent
        clock.shift(dt.timedelta(minutes=5))
        heartbeat_record(system=system, version="1.0", queue_depth=0)
        beat = START + dt.timedelta(minutes=5)
        state_changes_record()
        clock.shift(dt.timedelta(minutes=10))
        state_changes_record()  # still connected: nothing written
        clock.shift(dt.timedelta(hours=2))
        state_changes_record()  # the check ran late: degraded and disconnected are one change to disconnected
        state_changes_record()

    # then each change is written once, dated from the heartbeat and the thresholds (60 minutes)
    assert _rows(system) == [
        (ConnectionState.NEVER, system.created_at),
        (ConnectionState.CONNECTED, beat),
        (ConnectionState.DISCONNECTED, beat + dt.timedelta(minutes=60)),
    ]


def test_the_periodic_check_records_the_changes(province):
    with time_machine.travel(START, tick=False):
        system = system_create(agency=province["commune_centre"], name="Một cửa", kind=SystemKind.ONE_STOP)
        escalations_check.call()
    assert _rows(system) == [(ConnectionState.NEVER, system.created_at)]


def test_recording_costs_the_same_queries_for_one_system_or_many(province, system, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as one:
        state_changes_record()
    for n in range(5):
        system_create(agency=province["centre"], name=f"Hệ thống {n}", kind=SystemKind.SECTOR_DATABASE)
    with django_assert_max_num_queries(len(one)):
        written = state_changes_record()
    assert len(written) == 5
