"""Every state the lifecycle allows gives a record the portal accepts (issue 19, point 1): real services drive
dossiers along every path — online with a supplement asked before receipt, across agencies with a supplement, a
consultation, a financial obligation, an apology, a step sent back and a result; refused, withdrawn and stopped
before and after receipt — and after each move the simulator, over HTTP, holds the dossier's record and steps."""

import dataclasses

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from lienthong.dossiers.constants import Channel, Status, StepKind, StepState
from lienthong.dossiers.models import Attachment, Dossier
from lienthong.dossiers.services import (
    dossier_apologize,
    dossier_complete_step,
    dossier_consult,
    dossier_consultation_answer,
    dossier_financial_obligation_met,
    dossier_forward,
    dossier_receive_submitted,
    dossier_refuse,
    dossier_request_financial_obligation,
    dossier_request_supplement,
    dossier_return,
    dossier_send_back,
    dossier_stop,
    dossier_submit_online,
    dossier_supplement_received,
    dossier_supplement_send,
    dossier_transfer,
    dossier_withdraw,
    upload_store,
)
from lienthong.dossiers.services.files import attachment_add
from lienthong.national.constants import SyncState
from lienthong.national.models import NationalSync
from lienthong.national.simulator import contract
from tests.files import PDF  # a real one-page PDF: uploads are parsed
from tests.national.conftest import at

pytestmark = pytest.mark.django_db
MISSING = ["Giấy tờ về quyền sử dụng đất"]


def _scan(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class Walk:
    """Moves a dossier with the services, at given instants, and checks the portal after each move."""

    def __init__(self, portal, committed, officers, province):
        self.portal, self.committed, self.officers, self.province = portal, committed, officers, province
        self.seen: dict[str, int] = {}  # internal status → the national code the portal was told

    def __call__(self, when, service, **arguments):
        with time_machine.travel(when, tick=False):
            result = self.committed(service, **arguments)
        return result

    def active(self, dossier: Dossier, name: str):
        return dossier.steps.get(kind=StepKind.STEP, state=StepState.ACTIVE, name=name)

    def check(self, dossier: Dossier, national: int) -> dict:
        """The portal holds the dossier as it stands, accepted by the contract, with one step per event."""
        dossier.refresh_from_db()
        sync = NationalSync.objects.get(dossier=dossier)
        assert sync.state == SyncState.SYNCED, (dossier.status, sync.last_error)
        assert sync.synced_seq == dossier.event_seq
        record, steps = self.portal.record(dossier.code), self.portal.steps(dossier.code)
        assert contract.record_errors(record) == []
        assert [contract.step_errors(step) for step in steps] == [[]] * len(steps)
        assert len(steps) == dossier.event_seq
        assert record["TrangThaiHoSo"] == national, (dossier.status, record)
        assert steps[-1]["TrangThai"] == national
        self.seen.setdefault(dossier.status, national)
        return record


@pytest.fixture
def walk(portal, committed, officers, province):
    return Walk(portal, committed, officers, province)


def _online(walk, procedure, applicant, form_data, *, when):
    stored = upload_store(upload=_scan("don-dang-ky.pdf"), upload_to="submissions/test")
    stored = dataclasses.replace(stored, required_document_id=procedure.documents.get(position=1).pk)
    return walk(when, dossier_submit_online, agency=walk.province["commune_centre"], version=procedure,
                channel=Channel.OWN_PORTAL, applicant=applicant, form_data=form_data, files=[stored])  # fmt: skip


def test_an_online_dossier_from_submission_to_return_across_agencies(
    walk, receive, procedure, applicant, form_data, documents, officers, province, portal
):
    desk, committee, department = officers["receiver@commune_centre"], "specialist@committee", "specialist@department"

    # Submitted online on Monday 2 March 2026 with one scan: Mới đăng ký, the scan downloadable
    dossier = _online(walk, procedure, applicant, form_data, when=at(2026, 3, 2, 8, 0))
    record = walk.check(dossier, 1)
    issued = dossier.code
    assert issued.split("-")[1] == "260302"
    assert record["TaiLieuNop"][0]["DuongDanTaiTepTin"].startswith("http://127.0.0.1:8000/lien-thong/dvcqg/tep/")

    # The desk finds it incomplete before receiving it (art. 17(1a)): still Mới đăng ký, with the request listed
    walk(at(2026, 3, 2, 9, 0), dossier_request_supplement, officer=desk, dossier=dossier, missing=MISSING,
         note="Tải bản chụp rõ nét.")  # fmt: skip
    record = walk.check(dossier, 1)
    assert dossier.status == Status.SUPPLEMENT_REQUESTED and "NgayTiepNhan" not in record
    [asked] = record["DanhSachHoSoBoSung"]
    assert (asked["NoiDungBoSung"], asked["NgayBoSung"], asked["TrangThaiBoSung"]) == (
        "Giấy tờ về quyền sử dụng đất. Tải bản chụp rõ nét.", "20260302090000", 0)  # fmt: skip

    # The applicant sends it online, then the desk records it complete
    stored = upload_store(upload=_scan("so-do.pdf"), upload_to="submissions/test")
    walk(at(2026, 3, 2, 10, 0), dossier_supplement_send, dossier=dossier, uploaded_by=None,
         actor_label=applicant.name, files=[dataclasses.replace(stored, description=MISSING[0])])  # fmt: skip
    walk.check(dossier, 1)
    walk(at(2026, 3, 2, 11, 0), dossier_supplement_received, officer=desk, dossier=dossier, documents_added=MISSING)
    record = walk.check(dossier, 1)
    [asked] = record["DanhSachHoSoBoSung"]
    assert (asked["TrangThaiBoSung"], asked["NgayTiepNhanBoSung"]) == (1, "20260302110000")
    assert [d["TenTepDinhKem"] for d in asked["DanhSachGiayToBoSung"]] == ["so-do.pdf"]

    # Received the next day: the code stays the one issued at submission (docs/national-portal.md)
    walk(at(2026, 3, 3, 8, 0), dossier_receive_submitted, officer=desk, dossier=dossier, documents_present=documents)
    record = walk.check(dossier, 2)
    assert (dossier.code, record["MaHoSo"], record["NgayTiepNhan"]) == (issued, issued, "20260303080000")
    assert record["DanhSachHoSoBoSung"][0]["TrangThaiBoSung"] == 1

    # Forwarded to the commune committee: the processing unit is the committee now
    walk(at(2026, 3, 3, 9, 0), dossier_forward, officer=desk, dossier=dossier)
    record = walk.check(dossier, 4)
    assert record["DonViXuLy"] == "UBND phường Trấn Biên"
    assert portal.steps(dossier.code)[-1]["PhongBanXuLy"] == "TTPVHCC phường Trấn Biên"  # the desk forwarded it

    # The committee asks for a supplement after receipt (status 5), the desk records it
    walk(at(2026, 3, 3, 10, 0), dossier_request_supplement, officer=officers[committee], dossier=dossier,
         missing=["Bản vẽ sơ đồ thửa đất"], note="")  # fmt: skip
    record = walk.check(dossier, 5)
    assert len(record["DanhSachHoSoBoSung"]) == 2
    assert portal.steps(dossier.code)[-1]["PhongBanXuLy"] == "UBND phường Trấn Biên"
    walk(at(2026, 3, 3, 14, 0), dossier_supplement_received, officer=desk, dossier=dossier,
         documents_added=["Bản vẽ sơ đồ thửa đất"])  # fmt: skip
    record = walk.check(dossier, 4)
    assert record["DanhSachHoSoBoSung"][1]["NgayHenTraMoi"] == record["NgayHenTra"]

    # The committee's check done, the department's two steps run; it consults the provincial centre
    walk(at(2026, 3, 3, 15, 0), dossier_complete_step, officer=officers[committee], dossier=dossier,
         step_instance=walk.active(dossier, "Xác nhận hiện trạng"))  # fmt: skip
    record = walk.check(dossier, 4)
    assert record["DonViXuLy"] == "Sở Nông nghiệp và Môi trường"
    [consultation] = walk(at(2026, 3, 4, 8, 0), dossier_consult, officer=officers[department], dossier=dossier,
                          step_instance=walk.active(dossier, "Thẩm định"), agencies=[province["centre"]],
                          question="Đề nghị cho ý kiến.")  # fmt: skip
    walk.check(dossier, 4)
    walk(at(2026, 3, 4, 9, 0), dossier_consultation_answer, officer=officers["specialist@centre"], dossier=dossier,
         consultation=consultation, answer="Thống nhất.")  # fmt: skip
    walk.check(dossier, 4)
    assert portal.steps(dossier.code)[-1]["PhongBanXuLy"] == "TTPVHCC tỉnh"  # the consulted agency answered

    # A financial obligation (6) with its amount in the fee list, then paid
    walk(at(2026, 3, 4, 10, 0), dossier_request_financial_obligation, officer=officers[department], dossier=dossier,
         items=[{"name": "Lệ phí trước bạ", "amount": 500_000}])  # fmt: skip
    record = walk.check(dossier, 6)
    assert {"TenPhiLePhi": "Lệ phí trước bạ", "HinhThucThu": 4, "Gia": 500_000, "LoaiPhiLePhi": 1} in record[
        "DanhSachLePhi"
    ]
    walk(at(2026, 3, 4, 11, 0), dossier_financial_obligation_met, officer=officers[department], dossier=dossier)
    walk.check(dossier, 4)

    # An apology with one new appointment
    dossier.refresh_from_db()
    new_due = at(2026, 3, 20, 16, 0)
    walk(at(2026, 3, 4, 13, 30), dossier_apologize, officer=officers["leader@department"], dossier=dossier,
         reason="Cần xác minh thêm.", new_due_at=new_due)  # fmt: skip
    record = walk.check(dossier, 4)
    assert record["NgayHenTra"] == "20260320160000"

    # Both department steps done; the leader sends the approval back once, then approves with the result attached
    for name in ("Thẩm định", "Xác định nghĩa vụ tài chính"):
        walk(at(2026, 3, 5, 8, 0), dossier_complete_step, officer=officers[department], dossier=dossier,
             step_instance=walk.active(dossier, name))  # fmt: skip
    walk(at(2026, 3, 5, 9, 0), dossier_send_back, officer=officers["leader@department"], dossier=dossier,
         step_instance=walk.active(dossier, "Phê duyệt"), reason="Bổ sung căn cứ pháp lý.")  # fmt: skip
    walk.check(dossier, 4)
    for name in ("Thẩm định", "Xác định nghĩa vụ tài chính"):
        walk(at(2026, 3, 5, 10, 0), dossier_complete_step, officer=officers[department], dossier=dossier,
             step_instance=walk.active(dossier, name))  # fmt: skip
    with time_machine.travel(at(2026, 3, 5, 11, 0), tick=False):
        attachment_add(officer=officers["leader@department"], dossier=dossier, upload=_scan("giay-chung-nhan.pdf"),
                       kind=Attachment.Kind.RESULT, result_code="125/GCN-STNMT")  # fmt: skip
    walk(at(2026, 3, 5, 11, 0), dossier_complete_step, officer=officers["leader@department"], dossier=dossier,
         step_instance=walk.active(dossier, "Phê duyệt"), approve=True)  # fmt: skip
    record = walk.check(dossier, 9)
    assert record["DonViXuLy"] == "Sở Nông nghiệp và Môi trường"  # the agency that decided
    [result] = record["DanhSachGiayToKetQua"]
    assert (result["TenGiayTo"], result["MaGiayToKetQua"]) == ("giay-chung-nhan.pdf", "125/GCN-STNMT")
    assert result["DuongDanTepTinKetQua"].startswith("http://127.0.0.1:8000/lien-thong/dvcqg/tep/")

    # Returned at the commune desk
    walk(at(2026, 3, 5, 14, 0), dossier_return, officer=desk, dossier=dossier, delivery="at_desk")
    record = walk.check(dossier, 10)
    assert (record["NgayTra"], record["NgayKetThucXuLy"]) == ("20260305140000", "20260305110000")
    assert walk.seen == {
        Status.SUBMITTED: 1, Status.SUPPLEMENT_REQUESTED: 1, Status.RECEIVED: 2, Status.PROCESSING: 4,
        Status.FINANCIAL_OBLIGATION: 6, Status.RESULT_READY: 9, Status.RETURNED: 10,
    }  # fmt: skip


def test_every_way_a_dossier_ends_early_reaches_the_portal(
    walk, receive, procedure, applicant, form_data, documents, officers, province
):
    desk = officers["receiver@commune_centre"]
    monday = at(2026, 3, 2, 8, 0)

    # Refused at the desk, online, before receipt: 3 with its refusal date and no receipt
    refused = _online(walk, procedure, applicant, form_data, when=monday)
    walk.check(refused, 1)
    walk(at(2026, 3, 2, 9, 0), dossier_refuse, officer=desk, dossier=refused, reason="Không thuộc thẩm quyền.")
    record = walk.check(refused, 3)
    assert record["NgayTuChoi"] == "20260302090000" and "NgayTiepNhan" not in record

    # Withdrawn while the supplement asked before receipt is awaited: 7
    waiting = _online(walk, procedure, applicant, form_data, when=monday)
    walk(at(2026, 3, 2, 9, 0), dossier_request_supplement, officer=desk, dossier=waiting, missing=MISSING, note="")
    walk.check(waiting, 1)
    walk(at(2026, 3, 2, 10, 0), dossier_withdraw, officer=desk, dossier=waiting, reason="Công dân rút.")
    walk.check(waiting, 7)

    # Withdrawn after receipt at the counter: 7
    with time_machine.travel(monday, tick=False):
        withdrawn = receive()
    walk.check(withdrawn, 2)
    walk(at(2026, 3, 2, 10, 0), dossier_withdraw, officer=desk, dossier=withdrawn, reason="")
    walk.check(withdrawn, 7)

    # Refused after appraisal by the committee's leader: 3, with its receipt
    with time_machine.travel(monday, tick=False):
        appraised = receive()
    walk(at(2026, 3, 2, 9, 0), dossier_forward, officer=desk, dossier=appraised)
    walk(at(2026, 3, 2, 10, 0), dossier_refuse, officer=officers["leader@committee"], dossier=appraised,
         reason="Không đủ điều kiện.")  # fmt: skip
    record = walk.check(appraised, 3)
    assert "NgayTiepNhan" in record and "NgayTuChoi" in record

    # Transferred to the department, which stops it: 8
    with time_machine.travel(monday, tick=False):
        stopped = receive()
    walk(at(2026, 3, 2, 9, 0), dossier_forward, officer=desk, dossier=stopped)
    walk(at(2026, 3, 2, 10, 0), dossier_transfer, officer=officers["specialist@committee"], dossier=stopped,
         step_instance=walk.active(stopped, "Xác nhận hiện trạng"), to_agency=province["department"],
         reason="Thuộc thẩm quyền Sở.", working_hours=8)  # fmt: skip
    record = walk.check(stopped, 4)
    assert record["DonViXuLy"] == "Sở Nông nghiệp và Môi trường"
    walk(at(2026, 3, 2, 11, 0), dossier_stop, officer=officers["leader@department"], dossier=stopped,
         reason="Có tranh chấp.", legal_basis="Điều 19")  # fmt: skip
    walk.check(stopped, 8)

    assert walk.seen == {Status.SUBMITTED: 1, Status.REFUSED: 3, Status.SUPPLEMENT_REQUESTED: 1, Status.WITHDRAWN: 7,
                         Status.RECEIVED: 2, Status.PROCESSING: 4, Status.STOPPED: 8}  # fmt: skip
