"""After each fault the portal can show — no answer in time, an answer lost after the record was taken, 503, 429
with Retry-After, its own "busy" code, a duplicate acknowledgement — the connector retries and the portal ends
with exactly one record per dossier, at the latest status, and no step twice."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from lienthong.dossiers.services import dossier_forward
from lienthong.national.constants import SyncState
from lienthong.national.models import NationalSync
from lienthong.national.simulator import contract
from lienthong.national.tasks import national_sync_due
from tests.national.conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 3, 2, 9, 0)

FAULTS = {
    "timeout before the portal acts": ({"kind": "delay", "seconds": 1.0, "service": contract.LOOKUP}, 30),
    "timeout after the portal took the record": (
        {"kind": "delay", "seconds": 1.0, "apply": True, "service": contract.SYNC}, 30),
    "503": ({"kind": "http", "status": 503}, 30),
    "503 after the portal took the steps": (
        {"kind": "http", "status": 503, "apply": True, "service": contract.PROGRESS}, 30),
    "429 with Retry-After": ({"kind": "http", "status": 429, "retry_after": "120"}, 120),
    "the portal's own busy code": ({"kind": "portal_error", "code": contract.BUSY, "service": contract.SYNC}, 30),
}  # fmt: skip


def _assert_one_record(portal, dossier, *, status: int, steps: list[int]) -> None:
    assert list(portal.portal.records) == [dossier.code]
    assert portal.portal.creates == {dossier.code: 1}
    assert portal.record(dossier.code)["TrangThaiHoSo"] == status
    assert [step["TrangThai"] for step in portal.steps(dossier.code)] == steps


@pytest.mark.parametrize(("fault", "wait"), FAULTS.values(), ids=FAULTS.keys())
def test_the_connector_retries_after_a_fault_and_the_portal_holds_one_record(
    portal, receive, committed, officers, fault, wait
):
    with time_machine.travel(NOW, tick=False) as clock:
        # given the portal will misbehave once
        portal.inject(**fault)

        # when a dossier is received
        dossier = receive()

        # then the dossier waits for a retry after the backoff (or the portal's Retry-After)
        sync = NationalSync.objects.get(dossier=dossier)
        assert (sync.state, sync.attempts, sync.synced_seq) == (SyncState.PENDING, 1, 0)
        assert sync.next_attempt_at == NOW + dt.timedelta(seconds=wait)
        assert sync.last_error

        # and nothing is sent before it is due
        assert national_sync_due.call() == 0

        # when the retry falls due, the dossier is synced
        clock.shift(dt.timedelta(seconds=wait))
        assert national_sync_due.call() == 1
        sync.refresh_from_db()
        assert (sync.state, sync.attempts, sync.last_error, sync.synced_seq) == (SyncState.SYNCED, 0, "", 1)
        _assert_one_record(portal, dossier, status=2, steps=[2])

        # and the next change updates the same record
        committed(dossier_forward, officer=officers["receiver@commune_centre"], dossier=dossier)
        _assert_one_record(portal, dossier, status=4, steps=[2, 4])


def test_a_duplicate_acknowledgement_is_taken_as_the_record_being_there(portal, receive):
    # given the portal will take the record and answer that it already had it
    portal.inject("duplicate_ack", service=contract.SYNC)

    # when a dossier is received
    dossier = receive()

    # then the connector updates the record it now knows is there, in the same attempt
    assert NationalSync.objects.get(dossier=dossier).state == SyncState.SYNCED
    assert [(c["service"], c["isUpdating"]) for c in portal.portal.calls if c["service"] == contract.SYNC] == [
        (contract.SYNC, "False"),
        (contract.SYNC, "True"),
    ]
    _assert_one_record(portal, dossier, status=2, steps=[2])


def test_an_event_during_a_backoff_rides_on_the_retry(portal, receive, committed, officers):
    with time_machine.travel(NOW, tick=False) as clock:
        # given a dossier whose first sync met a 503
        portal.inject("http", status=503)
        dossier = receive()

        # when it is forwarded during the backoff, nothing is sent yet
        calls = len(portal.portal.calls)
        committed(dossier_forward, officer=officers["receiver@commune_centre"], dossier=dossier)
        assert len(portal.portal.calls) == calls
        sync = NationalSync.objects.get(dossier=dossier)
        assert (sync.state, sync.target_seq, sync.next_attempt_at) == (
            SyncState.PENDING,
            2,
            NOW + dt.timedelta(seconds=30),
        )

        # then the retry carries both events at once
        clock.shift(dt.timedelta(seconds=30))
        national_sync_due.call()
        _assert_one_record(portal, dossier, status=4, steps=[2, 4])


def test_the_backoff_doubles_up_to_its_cap_and_then_the_dossier_is_marked_failed(portal, receive, settings):
    settings.LIENTHONG_NATIONAL_MAX_ATTEMPTS, settings.LIENTHONG_NATIONAL_BACKOFF_CAP = 5, 100
    with time_machine.travel(NOW, tick=False) as clock:
        # given a portal down for good
        portal.inject("http", status=503, times=100)
        dossier = receive()

        # when every retry falls due and fails
        waits = []
        sync = NationalSync.objects.get(dossier=dossier)
        while sync.state == SyncState.PENDING:
            waits.append(round((sync.next_attempt_at - timezone.now()).total_seconds()))
            clock.move_to(sync.next_attempt_at)
            national_sync_due.call()
            sync.refresh_from_db()

    # then the waits were 30 s, 60 s, then the 100 s cap, and after the fifth attempt it is failed, visibly
    assert waits == [30, 60, 100, 100]
    assert (sync.state, sync.attempts, sync.next_attempt_at) == (SyncState.FAILED, 5, None)
    assert "HTTP 503" in sync.last_error
    assert portal.portal.records == {}
