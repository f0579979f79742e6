"""A failed national sync is sent again, by the hourly task, once its cause is gone (issue 19, point 1): a record
the portal refused when what we would send has changed and passes the contract — never the same record again —
and a dossier that ran out of attempts once more each run, so it goes as soon as the portal is back."""

import pytest

from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services import Applicant
from lienthong.national.constants import SyncState
from lienthong.national.models import NationalSync
from lienthong.national.simulator import contract
from lienthong.national.tasks import national_sync_failed_retry

pytestmark = pytest.mark.django_db


def _sync(dossier) -> NationalSync:
    return NationalSync.objects.get(dossier=dossier)


def test_a_refused_record_goes_again_once_corrected_and_not_before(portal, receive):
    # given a dossier the portal refused: its applicant has no name
    dossier = receive(applicant=Applicant(name="", id_number="075190001234"))
    assert _sync(dossier).state == SyncState.FAILED
    calls = len(portal.portal.calls)

    # when the hourly retry runs while the record is unchanged, nothing is sent
    assert national_sync_failed_retry.call() == 0
    assert len(portal.portal.calls) == calls and _sync(dossier).state == SyncState.FAILED

    # when the name is corrected, the next run sends it and the portal holds it
    Dossier.objects.filter(pk=dossier.pk).update(applicant_name="Nguyễn Thị Hoa")
    assert national_sync_failed_retry.call() == 1
    sync = _sync(dossier)
    assert (sync.state, sync.attempts, sync.last_error, sync.failed_digest) == (SyncState.SYNCED, 0, "", "")
    assert portal.record(dossier.code)["ChuHoSo"] == "Nguyễn Thị Hoa"


def test_a_record_refused_for_a_reason_we_cannot_see_is_not_sent_again_unchanged(portal, receive):
    # given the portal refuses a record our contract accepts (a rule of the real portal we do not know)
    portal.inject("portal_error", code=contract.DATA_INVALID, message="Dữ liệu không hợp lệ.", service=contract.SYNC)
    dossier = receive()
    assert (_sync(dossier).state, _sync(dossier).last_error) == (SyncState.FAILED, "[1] Dữ liệu không hợp lệ.")
    calls = len(portal.portal.calls)

    # then the hourly retry does not knock on the portal's door with the same record
    assert national_sync_failed_retry.call() == 0
    assert len(portal.portal.calls) == calls


def test_a_dossier_out_of_attempts_gets_one_more_each_run_until_the_portal_is_back(portal, receive, settings):
    # given the portal was down for every attempt allowed
    settings.LIENTHONG_NATIONAL_MAX_ATTEMPTS = 1
    portal.inject("http", status=503, times=100)
    dossier = receive()
    sync = _sync(dossier)
    assert (sync.state, sync.attempts, sync.failed_digest) == (SyncState.FAILED, 1, "")

    # when the hourly retry runs while it is still down: one call, and failed again
    calls = len(portal.portal.calls)
    assert national_sync_failed_retry.call() == 1
    assert len(portal.portal.calls) == calls + 1 and _sync(dossier).state == SyncState.FAILED

    # when it runs after the portal came back, the dossier is synced
    portal.portal.faults.clear()
    assert national_sync_failed_retry.call() == 1
    assert _sync(dossier).state == SyncState.SYNCED
    assert portal.record(dossier.code)["TrangThaiHoSo"] == 2
