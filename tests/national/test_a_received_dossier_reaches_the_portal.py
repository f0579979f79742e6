import pytest
import time_machine

from lienthong.national.constants import SyncState
from lienthong.national.models import NationalSync
from lienthong.national.simulator import contract
from tests.national.conftest import at

pytestmark = pytest.mark.django_db


def test_a_dossier_received_at_the_desk_is_on_the_portal_with_the_national_fields(portal, receive, procedure):
    # given 09:15 on Monday 2 March 2026
    with time_machine.travel(at(2026, 3, 2, 9, 15), tick=False):
        # when the desk receives a dossier
        dossier = receive()

    # then the portal holds one record under the dossier's code, in the portal's formats
    record = portal.record(dossier.code)
    assert portal.portal.creates == {dossier.code: 1}
    assert record["MaTTHC"] == "1.012753" and record["TenTTHC"] == procedure.name
    assert (record["MaLinhVuc"], record["TenLinhVuc"]) == ("H19-DATDAI", "Đất đai")
    assert (record["KenhThucHien"], record["LoaiDoiTuong"], record["TrangThaiHoSo"]) == (1, 1, 2)
    assert (record["ChuHoSo"], record["SoGiayToChuHoSo"]) == ("Nguyễn Thị Hoa", "075190001234")
    assert record["NgayNopHoSo"] == record["NgayTiepNhan"] == "20260302091500"
    assert record["NgayHenTra"] == "20260305091500"  # 3 working days
    assert record["DonViXuLy"] == "TTPVHCC phường Trấn Biên"
    assert contract.record_errors(record) == []

    # and its one processing step, the receipt
    [step] = portal.steps(dossier.code)
    assert (step["NoiDungXuLy"], step["TrangThai"], step["ThoiDiemXuLy"]) == ("Tiếp nhận hồ sơ", 2, "20260302091500")
    assert step["NguoiXuLy"] == "receiver.commune_centre"

    # and the dossier's sync state says so
    sync = NationalSync.objects.get(dossier=dossier)
    assert (sync.state, sync.synced_seq, sync.target_seq, sync.synced_national_code) == (SyncState.SYNCED, 1, 1, 2)
    assert (sync.attempts, sync.last_error, sync.next_attempt_at) == (0, "", None)
    assert sync.last_synced_at == at(2026, 3, 2, 9, 15)

    # and the connector looked first, then created (isUpdating=False), then sent the step
    assert portal.services_called() == [contract.LOOKUP, contract.SYNC, contract.PROGRESS]
    assert portal.portal.calls[1]["isUpdating"] == "False"
