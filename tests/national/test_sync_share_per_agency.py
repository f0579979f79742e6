"""Decision 766 metric 1.4 per agency: dossiers received in the period that the portal holds as received."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from lienthong.dossiers.constants import Channel, Status
from lienthong.dossiers.services import dossier_submit_online
from lienthong.national.constants import SyncState
from lienthong.national.models import NationalSync
from lienthong.national.selectors import SyncShare, national_sync_share
from tests.national.conftest import at

pytestmark = pytest.mark.django_db
MARCH = (at(2026, 3, 1), at(2026, 4, 1))


def test_the_share_counts_received_dossiers_the_portal_holds_as_received(
    portal, receive, province, officers, procedure, applicant, form_data, django_assert_num_queries
):
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        synced, unsynced, also_synced = receive(), receive(), receive()
        # the second one's sync failed for good
        NationalSync.objects.filter(dossier=unsynced).update(state=SyncState.FAILED, last_synced_at=None)
        # an online submission not yet received does not count, synced or not
        dossier_submit_online(agency=province["commune_centre"], version=procedure, channel=Channel.OWN_PORTAL,
                              applicant=applicant, form_data=form_data)  # fmt: skip
    with time_machine.travel(at(2026, 2, 27, 9, 0), tick=False):
        receive()  # February: outside the period

    with django_assert_num_queries(1):
        shares = national_sync_share(start=MARCH[0], end=MARCH[1])

    agency = province["commune_centre"].pk
    assert shares == [SyncShare(agency_id=agency, received=3, synced=2)]
    assert shares[0].share == pytest.approx(2 / 3)
    assert national_sync_share(start=MARCH[0], end=MARCH[1], agency_ids=[province["department"].pk]) == []
    assert {synced.status, also_synced.status} == {Status.RECEIVED}


def test_a_dossier_the_portal_holds_only_as_submitted_is_not_yet_counted(portal, receive, province):
    dossier = receive()
    NationalSync.objects.filter(dossier=dossier).update(synced_status=Status.SUBMITTED)
    now = timezone.now()

    [share] = national_sync_share(start=now - dt.timedelta(days=1), end=now + dt.timedelta(days=1))

    assert (share.received, share.synced, share.share) == (1, 0, 0.0)
