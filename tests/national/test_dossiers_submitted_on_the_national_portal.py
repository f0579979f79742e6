"""Dossiers citizens submit on the national portal come into the one-stop lifecycle once each, by the portal's id,
however often the portal delivers them; the portal is told our code for each."""

import pytest
import time_machine

from lienthong.dossiers.constants import Channel, EventKind, Status
from lienthong.dossiers.models import Dossier, DossierEvent
from lienthong.national.constants import ReceiptState, SyncState
from lienthong.national.models import NationalReceipt, NationalSync
from lienthong.national.simulator import contract
from lienthong.national.tasks import national_poll
from tests.national.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def submit(portal, province, procedure, form_data):
    def submit(**overrides):
        fields = {
            "MaTTHC": f"{procedure.procedure.national_code}.000.00.00.H19", "MaDonViTiepNhan": "000.00.98.H19",
            "ChuHoSo": "Trần Văn Bình", "LoaiDoiTuong": 1, "SoGiayToChuHoSo": "075191004321",
            "SoDienThoai": "0987654321", "Email": "binh@example.vn", "DiaChi": "Phường Trấn Biên",
            "TrichYeuHoSo": "Đăng ký đất đai lần đầu cho thửa 12", "NgayNopHoSo": "20260302080000",
            "EformThongTinChiTiet": form_data | {"ho_ten": "Trần Văn Bình"},
        } | overrides  # fmt: skip
        return portal.submit(**fields)

    return submit


def test_a_submission_delivered_twice_becomes_one_dossier_and_is_acknowledged_with_its_code(portal, submit, committed):
    # given two submissions on the portal, which will list each of them twice
    first, second = (
        submit(),
        submit(ChuHoSo="Lê Thị Cúc", EformThongTinChiTiet={"ho_ten": "Lê Thị Cúc", "ngay_sinh": "1988-01-02"}),
    )
    portal.inject("redeliver", service=contract.LIST_SUBMISSIONS)

    # when the connector polls at 09:00
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        result = committed(national_poll.call)

    # then each became one dossier, submitted online through the national portal, waiting for the desk
    assert (len(result["created"]), result["already"], result["acknowledged"]) == (2, 2, 2)
    dossiers = Dossier.objects.filter(channel=Channel.NATIONAL_PORTAL).order_by("id")
    assert [(d.applicant_name, d.status, d.agency.identifier_code) for d in dossiers] == [
        ("Trần Văn Bình", Status.SUBMITTED, "000.00.98.H19"),
        ("Lê Thị Cúc", Status.SUBMITTED, "000.00.98.H19"),
    ]
    bình = dossiers[0]
    assert (bình.applicant_id_number, bình.applicant_phone, bình.summary) == (
        "075191004321",
        "0987654321",
        "Đăng ký đất đai lần đầu cho thửa 12",
    )
    # and the portal was told our code for each of its ids
    receipts = dict(NationalReceipt.objects.values_list("portal_id", "dossier__code"))
    assert portal.portal.acknowledged == receipts == {first: dossiers[0].code, second: dossiers[1].code}

    # and each dossier's history starts with its submission, by the applicant through the national portal
    event = DossierEvent.objects.get(dossier=bình)
    assert (event.kind, event.seq, event.status_before, event.status_after) == (EventKind.SUBMITTED, 1, "", "submitted")
    assert event.actor_label == "Trần Văn Bình (Cổng Dịch vụ công quốc gia)"
    assert event.payload["channel"] == Channel.NATIONAL_PORTAL and event.payload["code"] == bình.code

    # and it was synced back at status 1, under our code
    assert portal.record(bình.code)["TrangThaiHoSo"] == 1
    assert portal.record(bình.code)["NoiNopHoSo"] == "Cổng Dịch vụ công quốc gia"
    assert NationalSync.objects.get(dossier=bình).state == SyncState.SYNCED

    # when the portal delivers them again at the next poll
    portal.inject("redeliver", service=contract.LIST_SUBMISSIONS)
    again = committed(national_poll.call)

    # then nothing new is created
    assert (again["created"], again["already"]) == ([], 4)
    assert Dossier.objects.filter(channel=Channel.NATIONAL_PORTAL).count() == 2


def test_a_lost_acknowledgement_is_sent_again_at_the_next_poll_without_a_second_dossier(portal, submit, committed):
    portal_id = submit()
    portal.inject("http", status=503, service=contract.ACKNOWLEDGE)

    first = committed(national_poll.call)
    assert (len(first["created"]), first["acknowledged"], portal.portal.acknowledged) == (1, 0, {})

    second = committed(national_poll.call)
    assert (second["created"], second["already"], second["acknowledged"]) == ([], 1, 1)
    assert list(portal.portal.acknowledged) == [portal_id]
    assert Dossier.objects.filter(channel=Channel.NATIONAL_PORTAL).count() == 1


def test_a_submission_for_a_procedure_the_province_does_not_have_is_kept_aside_and_not_acknowledged(
    portal, submit, committed
):
    portal_id = submit(MaTTHC="2.000999")

    result = committed(national_poll.call)

    assert (result["created"], result["rejected"]) == ([], [portal_id])
    receipt = NationalReceipt.objects.get(portal_id=portal_id)
    assert (receipt.state, receipt.dossier) == (ReceiptState.REJECTED, None)
    assert "Không có thủ tục đang áp dụng mã '2.000999'" in receipt.error
    assert portal.portal.acknowledged == {}
    # and the next poll does not try it again
    assert committed(national_poll.call)["already"] == 1


def test_a_submission_whose_form_fails_the_procedures_schema_is_kept_aside_with_the_faults(portal, submit, committed):
    portal_id = submit(EformThongTinChiTiet={"ho_ten": "B"})

    committed(national_poll.call)

    receipt = NationalReceipt.objects.get(portal_id=portal_id)
    assert receipt.state == ReceiptState.REJECTED
    assert receipt.error.startswith("Tờ khai chưa hợp lệ.")
    assert "ngay_sinh" in receipt.error
    assert not Dossier.objects.exists()


def test_an_unreachable_portal_is_reported_and_nothing_is_created(portal, submit, committed):
    submit()
    portal.inject("http", status=503, service=contract.LIST_SUBMISSIONS)

    result = committed(national_poll.call)

    assert result["error"] == "HTTP 503" and result["created"] == []
    assert not Dossier.objects.exists()
