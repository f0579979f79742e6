"""Givens of the document tests (no tests here): dossiers that really went through each transition, by the services,
and a way to read a PDF back as text. Each test module makes a `desk` fixture from the conftest's province:

    @pytest.fixture
    def desk(province, officers, procedure, applicant, form_data, documents):
        return Desk(province, officers, procedure, applicant, form_data, documents)
"""

import datetime as dt
import io
import re
import unicodedata
from zoneinfo import ZoneInfo

import pypdf
import time_machine

from lienthong.dossiers.constants import Channel, StepKind, StepState
from lienthong.dossiers.models import Dossier, StepInstance
from lienthong.dossiers.services import (
    dossier_apologize,
    dossier_complete_step,
    dossier_forward,
    dossier_receive,
    dossier_refuse,
    dossier_request_supplement,
    dossier_stop,
)
from lienthong.dossiers.services.steps import dossier_consult, dossier_consultation_answer

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
RECEIVED_AT = dt.datetime(2026, 2, 13, 16, 0, tzinfo=HCM)  # Friday before Tết, after the 15:00 cut-off
DUE_TEXT = "17 giờ 00 phút, thứ Tư, ngày 25/02/2026"  # 3 working days after Tết
NAMES = {
    "receiver@commune_centre": ("Trần Văn", "Bình"),
    "leader@commune_centre": ("Lê Thị", "Hương"),
    "specialist@committee": ("Phạm Quốc", "Việt"),
    "specialist@department": ("Đỗ Thị", "Ngọc"),
    "leader@department": ("Hoàng Minh", "Đức"),
}


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=HCM)


def pdf_text(pdf: bytes) -> str:
    """All pages' text, NFC-normalised (a PDF may store a letter and its marks apart) and on one line."""
    assert pdf.startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def pdf_page_sizes_mm(pdf: bytes) -> list[tuple[int, int]]:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return [(round(float(p.mediabox.width) * 25.4 / 72), round(float(p.mediabox.height) * 25.4 / 72)) for p in pages]


class Desk:
    """The commune desk of the test province, and dossiers it took through each transition by the services."""

    def __init__(self, province, officers, procedure, applicant, form_data, documents):
        for key, (first, last) in NAMES.items():
            officers[key].first_name, officers[key].last_name = first, last
            officers[key].save(update_fields=["first_name", "last_name"])
        self.province, self.officers, self.procedure = province, officers, procedure
        self.applicant, self.form_data, self.documents = applicant, form_data, documents

    def receive(self, when: dt.datetime = RECEIVED_AT) -> Dossier:
        """A complete dossier received at `when`, with every listed document but the optional one."""
        with time_machine.travel(when, tick=False):
            return dossier_receive(
                officer=self.officers["receiver@commune_centre"], agency=self.province["commune_centre"],
                version=self.procedure, channel=Channel.COUNTER, applicant=self.applicant, form_data=self.form_data,
                documents_present=self.documents,
            )  # fmt: skip

    def supplement_requested(self) -> Dossier:
        dossier = self.receive()
        with time_machine.travel(at(2026, 2, 23, 9, 0), tick=False):
            return dossier_request_supplement(
                officer=self.officers["receiver@commune_centre"], dossier=dossier,
                missing=["Bản sao trích lục bản đồ địa chính", "Giấy xác nhận không tranh chấp"],
                note="Thửa đất chưa có trích lục bản đồ",
            )  # fmt: skip

    def refused(self) -> Dossier:
        dossier = self.receive()
        with time_machine.travel(at(2026, 2, 23, 10, 0), tick=False):
            return dossier_refuse(officer=self.officers["receiver@commune_centre"], dossier=dossier,
                                  reason="Thửa đất nằm trong quy hoạch đường giao thông đã công bố")  # fmt: skip

    def apologized(self) -> Dossier:
        dossier = self.receive()
        with time_machine.travel(at(2026, 2, 24, 9, 0), tick=False):
            return dossier_apologize(officer=self.officers["leader@commune_centre"], dossier=dossier,
                                     reason="Cần xác minh thực địa ranh giới thửa đất",
                                     new_due_at=at(2026, 2, 27, 17, 0))  # fmt: skip

    def stopped(self) -> Dossier:
        dossier = self.receive()
        with time_machine.travel(at(2026, 2, 24, 10, 0), tick=False):
            return dossier_stop(officer=self.officers["leader@commune_centre"], dossier=dossier,
                                reason="Tòa án đã thụ lý tranh chấp về thửa đất",
                                legal_basis="Thông báo thụ lý vụ án số 12/2026/TB-TLVA")  # fmt: skip

    def processed(self) -> Dossier:
        """Received Monday 2/3/2026 08:00, through the commune committee, the department (one step late, with an
        answered consultation of the province's centre) and back to the desk, with the result ready."""
        officers = self.officers
        dossier = self.receive(at(2026, 3, 2, 8, 0))
        with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False) as clock:
            dossier = dossier_forward(officer=officers["receiver@commune_centre"], dossier=dossier)
            clock.move_to(at(2026, 3, 2, 16, 0))
            dossier_complete_step(officer=officers["specialist@committee"], dossier=dossier,
                                  step_instance=_active(dossier)[0], note="Hiện trạng đúng hồ sơ")  # fmt: skip
            appraisal, finance = _active(dossier)
            clock.move_to(at(2026, 3, 3, 8, 0))
            (consultation,) = dossier_consult(officer=officers["specialist@department"], dossier=dossier,
                                              step_instance=appraisal, agencies=[self.province["centre"]],
                                              question="Ý kiến về quy hoạch?")  # fmt: skip
            clock.move_to(at(2026, 3, 3, 9, 0))
            dossier_consultation_answer(officer=officers["specialist@centre"], dossier=dossier,
                                        consultation=consultation, answer="Không vướng quy hoạch")  # fmt: skip
            clock.move_to(at(2026, 3, 3, 10, 0))
            dossier_complete_step(officer=officers["specialist@department"], dossier=dossier, step_instance=appraisal)
            clock.move_to(at(2026, 3, 3, 14, 0))
            dossier_complete_step(officer=officers["specialist@department"], dossier=dossier, step_instance=finance)
            clock.move_to(at(2026, 3, 4, 9, 0))  # the approval was due 08:30: late for the step
            dossier_complete_step(officer=officers["leader@department"], dossier=dossier,
                                  step_instance=_active(dossier)[0], note="Đồng ý", approve=True)  # fmt: skip
        dossier.refresh_from_db()
        return dossier


def _active(dossier: Dossier) -> list[StepInstance]:
    return list(dossier.steps.filter(kind=StepKind.STEP, state=StepState.ACTIVE).order_by("position", "id"))
