import pytest
from django.core.management import call_command

from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services import Applicant
from lienthong.national.client import PortalClient, PortalConfig, PortalRejected
from lienthong.national.constants import SyncState
from lienthong.national.models import NationalSync
from lienthong.national.simulator import contract

pytestmark = pytest.mark.django_db

RECORD = {
    "MaHoSo": "000.00.98.H19-260302-0001", "MaTTHC": "1.012753", "TenTTHC": "Đăng ký đất đai lần đầu",
    "MaLinhVuc": "H19-DATDAI", "TenLinhVuc": "Đất đai", "KenhThucHien": 1, "ChuHoSo": "Nguyễn Thị Hoa",
    "LoaiDoiTuong": 1, "TrichYeuHoSo": "Đăng ký đất đai lần đầu", "NgayNopHoSo": "20260302091500",
    "NgayTiepNhan": "20260302091500", "NgayHenTra": "20260305091500", "TrangThaiHoSo": 2, "DonViXuLy": "TTPVHCC",
}  # fmt: skip


def _client(portal) -> PortalClient:
    return PortalClient(PortalConfig(url=portal.url, username=portal.portal.username, password=portal.portal.password,
                                     unit_code="000.00.00.H19", timeout=2))  # fmt: skip


def test_the_simulator_refuses_a_record_without_the_applicant_and_keeps_nothing(portal):
    record = {name: value for name, value in RECORD.items() if name != "ChuHoSo"}

    with pytest.raises(PortalRejected) as refused:
        _client(portal).call(contract.SYNC, [record])

    assert refused.value.code == contract.DATA_INVALID
    assert "Thiếu trường bắt buộc ChuHoSo" in refused.value.message
    assert refused.value.errors == [{"MaHoSo": RECORD["MaHoSo"], "TruongDuLieu": "ChuHoSo",
                                     "MoTa": "Thiếu trường bắt buộc ChuHoSo."}]  # fmt: skip
    assert portal.portal.records == {}


def test_the_connector_records_the_portals_message_and_sends_again_once_the_dossier_is_fixed(portal, receive):
    # when a dossier whose applicant has no name is received
    dossier = receive(applicant=Applicant(name="", id_number="075190001234"))

    # then the portal refused it, and the sync state keeps the portal's words and waits for someone
    sync = NationalSync.objects.get(dossier=dossier)
    assert (sync.state, sync.attempts, sync.next_attempt_at, sync.synced_seq) == (SyncState.FAILED, 1, None, 0)
    assert sync.last_error.startswith("[1] Dữ liệu không hợp lệ: Thiếu trường bắt buộc ChuHoSo.")
    assert portal.portal.records == {}

    # when the name is corrected and the dossier resynced by its code
    Dossier.objects.filter(pk=dossier.pk).update(applicant_name="Nguyễn Thị Hoa")
    call_command("national_resync", dossier.code)

    # then the portal holds it
    sync.refresh_from_db()
    assert (sync.state, sync.attempts, sync.last_error) == (SyncState.SYNCED, 0, "")
    assert portal.record(dossier.code)["ChuHoSo"] == "Nguyễn Thị Hoa"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"TrangThaiHoSo": 11}, "TrangThaiHoSo", "giá trị không hợp lệ"),
        ({"TrangThaiHoSo": "2"}, "TrangThaiHoSo", "số nguyên"),
        ({"NgayTiepNhan": "2026-03-02 09:15"}, "NgayTiepNhan", "yyyyMMddHHmmss"),
        ({"NgayHenTra": "20260231000000"}, "NgayHenTra", "yyyyMMddHHmmss"),
        ({"NgayHenTra": "20260301000000"}, "NgayHenTra", "trước ngày tiếp nhận"),
        ({"MaHoSo": "H19-2603020001"}, "MaHoSo", "sai định dạng"),
        ({"MaTTHC": "TT-01"}, "MaTTHC", "sai định dạng"),
        ({"KenhThucHien": 4}, "KenhThucHien", "giá trị không hợp lệ"),
        ({"NgayTiepNhan": None}, "NgayTiepNhan", "Trạng thái 2 cần trường NgayTiepNhan"),
        ({"TrangThaiHoSo": 10}, "NgayTra", "Trạng thái 10 cần trường NgayTra"),
        ({"MaHoSoQG": "x"}, "MaHoSoQG", "không có trong đặc tả"),
        ({"TaiLieuNop": [{"TenTepDinhKem": "don.pdf"}]}, "TaiLieuNop[0].TepDinhKemId", "Thiếu trường bắt buộc"),
    ],
)
def test_the_contract_checks_types_formats_statuses_and_dates(change, field, words):
    record = {name: value for name, value in (RECORD | change).items() if value is not None}

    errors = contract.record_errors(record)

    assert any(name == field and words in message for name, message in errors), errors


def test_a_complete_record_passes():
    assert contract.record_errors(RECORD) == []
