import datetime as dt

import pytest
import time_machine

from lienthong.dossiers.constants import Status
from lienthong.dossiers.models import StatusMapping
from lienthong.dossiers.services import dossier_forward, dossier_withdraw
from lienthong.national.constants import SyncState
from lienthong.national.models import NationalSync
from tests.national.conftest import at

pytestmark = pytest.mark.django_db


def test_each_change_reaches_the_portal_as_a_step_in_order_and_updates_the_one_record(
    portal, receive, committed, officers
):
    receiver = officers["receiver@commune_centre"]
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False) as clock:
        # given a dossier received, forwarded an hour later, withdrawn the next morning
        dossier = receive()
        clock.shift(dt.timedelta(hours=1))
        committed(dossier_forward, officer=receiver, dossier=dossier)
        clock.move_to(at(2026, 3, 3, 8, 0))
        committed(dossier_withdraw, officer=receiver, dossier=dossier, reason="Công dân xin rút")

    # then the portal's steps are the dossier's events, in order, each with the status it left
    steps = portal.steps(dossier.code)
    assert [(s["ThoiDiemXuLy"], s["TrangThai"], s["NoiDungXuLy"]) for s in steps] == [
        ("20260302090000", 2, "Tiếp nhận hồ sơ"),
        ("20260302100000", 4, "Chuyển xử lý"),
        ("20260303080000", 7, "Rút hồ sơ: Công dân xin rút"),
    ]
    # and the record is the one created at receipt, now at the latest status
    assert portal.portal.creates == {dossier.code: 1}
    assert portal.record(dossier.code)["TrangThaiHoSo"] == 7
    sync = NationalSync.objects.get(dossier=dossier)
    assert (sync.state, sync.synced_seq, sync.synced_status) == (SyncState.SYNCED, 3, Status.WITHDRAWN)


def test_statuses_go_through_the_administrators_mapping(portal, receive):
    # given the administrator reports "received" as 4 (say, the province's reading of a new instruction)
    StatusMapping.objects.update_or_create(status=Status.RECEIVED, defaults={"national_code": 4})

    dossier = receive()

    assert portal.record(dossier.code)["TrangThaiHoSo"] == 4
    assert [step["TrangThai"] for step in portal.steps(dossier.code)] == [4]
    assert NationalSync.objects.get(dossier=dossier).synced_national_code == 4
