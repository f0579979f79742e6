"""The field mapping between a dossier and the portal's records (domain reference §4.1), in one place.

- `dossier_record`: the DongBoHoSoMC record of a dossier as it stands now.
- `progress_steps`: one CapNhatTienDoHoSoMC (QuaTrinhXuLy) record per event of the dossier, in order.
- `submission_intake`: what a dossier submitted on the portal becomes in `dossier_submit_online`.

Statuses go through the administrator's StatusMapping table; dates are local time as yyyyMMddHHmmss.
docs/national-portal.md has the same mapping as a table: change both together.
"""

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from lienthong.dossiers.constants import ApplicantKind, Channel, EventKind, ResultDelivery, Status
from lienthong.dossiers.models import Attachment, Dossier, DossierEvent
from lienthong.dossiers.services import Applicant
from lienthong.national.constants import PORTAL_NAME, SYSTEM_ACTOR
from lienthong.national.simulator.contract import DATE_FORMAT

# KenhThucHien: 1 at the counter, 2 online, 3 by post (Decree 61 art. 16).
CHANNEL_CODES = {
    Channel.COUNTER: 1,
    Channel.OWN_PORTAL: 2,
    Channel.NATIONAL_PORTAL: 2,
    Channel.CONNECTED_SYSTEM: 2,
    Channel.POST: 3,
}
APPLICANT_KIND_CODES = {ApplicantKind.CITIZEN: 1, ApplicantKind.ORGANISATION: 2}  # LoaiDoiTuong (OpenCPS)
NATIONAL_PROCEDURE_CODE = re.compile(r"^\d\.\d{6}")  # a local code is the national one with a suffix (§4.3)


def portal_date(instant: datetime | None) -> str | None:
    return timezone.localtime(instant).strftime(DATE_FORMAT) if instant else None


def dossier_record(*, dossier: Dossier, events: Sequence[DossierEvent], status_map: dict[str, int]) -> dict:
    """The DongBoHoSoMC record; fields without a value are left out rather than sent empty."""
    version = dossier.procedure_version
    field = version.procedure.field
    attachments = list(dossier.attachments.all())
    record = {
        "MaHoSo": dossier.code,
        "MaTTHC": version.procedure.national_code,
        "TenTTHC": version.name,
        "MaLinhVuc": field.code,
        "TenLinhVuc": field.name,
        "KenhThucHien": CHANNEL_CODES[Channel(dossier.channel)],
        "ChuHoSo": dossier.applicant_name,
        "SoGiayToChuHoSo": dossier.applicant_id_number or dossier.applicant_tax_code,
        "LoaiDoiTuong": APPLICANT_KIND_CODES[ApplicantKind(dossier.applicant_kind)],
        "ThongTinKhac": dossier.applicant_address,
        "Email": dossier.applicant_email,
        "SoDienThoai": dossier.applicant_phone,
        "TrichYeuHoSo": dossier.summary or version.name,
        "NgayNopHoSo": portal_date(dossier.submitted_at or dossier.received_at or dossier.created_at),
        "NgayTiepNhan": portal_date(dossier.received_at),
        "NgayHenTra": portal_date(dossier.due_at),
        "TrangThaiHoSo": status_map[dossier.status],
        "NgayTra": portal_date(dossier.returned_at),
        "HinhThuc": 1 if dossier.result_delivery == ResultDelivery.BY_POST else 0,
        "NgayKetThucXuLy": portal_date(dossier.finished_at or dossier.returned_at),
        "DonViXuLy": dossier.agency.name,
        "NgayTuChoi": portal_date(_last_at(events, EventKind.REFUSED)) if dossier.status == Status.REFUSED else None,
        "NoiNopHoSo": PORTAL_NAME if dossier.channel == Channel.NATIONAL_PORTAL else dossier.agency.name,
        "HoSoCoThanhPhanSoHoa": 1 if any(a.kind != Attachment.Kind.RESULT for a in attachments) else 0,
        "TaiKhoanDuocXacThucVoiVNeID": 0,
        "DuocThanhToanTrucTuyen": 0,
        "TaiLieuNop": [_document(a) for a in attachments if a.kind != Attachment.Kind.RESULT],
        "DanhSachGiayToKetQua": [
            {"GiayToId": str(a.pk), "TenGiayTo": a.description or a.original_name}
            for a in attachments
            if a.kind == Attachment.Kind.RESULT
        ],
    }
    return {name: value for name, value in record.items() if value not in (None, "", [])}


def _document(attachment: Attachment) -> dict:
    document = attachment.required_document
    item = {
        "TepDinhKemId": str(attachment.pk),
        "TenTepDinhKem": attachment.original_name,
        "IsDeleted": False,
        "MaThanhPhanHoSo": document.code if document and document.code else None,
        "DuocSoHoa": 1,
    }
    return {name: value for name, value in item.items() if value is not None}


def _last_at(events: Sequence[DossierEvent], kind: str) -> datetime | None:
    return next((event.at for event in reversed(events) if event.kind == kind), None)


def progress_steps(*, dossier: Dossier, events: Sequence[DossierEvent], status_map: dict[str, int]) -> list[dict]:
    """One QuaTrinhXuLy record per event, oldest first: who did what, when, and the status it left."""
    steps = []
    with translation.override("vi"):  # the portal's records are Vietnamese whatever the worker's language
        for event in events:
            payload = event.payload or {}
            note = str(payload.get("reason") or payload.get("note") or "").strip()
            label = str(EventKind(event.kind).label) if event.kind in EventKind.values else event.kind
            due = payload.get("new_due_at") or payload.get("due_at")
            step = {
                "MaHoSo": dossier.code,
                "NguoiXuLy": event.actor_label or SYSTEM_ACTOR,
                "ThoiDiemXuLy": portal_date(event.at),
                "PhongBanXuLy": dossier.agency.name,
                "NoiDungXuLy": f"{label}: {note}" if note else label,
                "TrangThai": status_map[event.status_after],
                "NgayBatDau": portal_date(event.at),
                "NgayKetThucTheoQuyDinh": portal_date(parse_datetime(due)) if isinstance(due, str) else None,
            }
            steps.append({name: value for name, value in step.items() if value is not None})
    return steps


def step_key(step: dict) -> tuple:
    """What identifies a processing step on the portal, whatever the status mapping said at the time."""
    return step.get("ThoiDiemXuLy"), step.get("NguoiXuLy"), step.get("NoiDungXuLy")


def submission_intake(submission: dict[str, Any]) -> dict[str, Any]:
    """The portal's submission as arguments of `dossier_submit_online` (less agency and version, looked up by
    the caller from `MaDonViTiepNhan` and `MaTTHC`)."""
    organisation = submission.get("LoaiDoiTuong") == APPLICANT_KIND_CODES[ApplicantKind.ORGANISATION]
    number = str(submission.get("SoGiayToChuHoSo") or "")
    applicant = Applicant(
        name=str(submission["ChuHoSo"]).strip(),
        kind=ApplicantKind.ORGANISATION if organisation else ApplicantKind.CITIZEN,
        id_number="" if organisation else number,
        tax_code=number if organisation else "",
        phone=str(submission.get("SoDienThoai") or ""),
        email=str(submission.get("Email") or ""),
        address=str(submission.get("DiaChi") or submission.get("ThongTinKhac") or ""),
    )
    form_data = submission.get("EformThongTinChiTiet")
    return {
        "channel": Channel.NATIONAL_PORTAL,
        "applicant": applicant,
        "form_data": form_data if isinstance(form_data, dict) else {},
        "summary": str(submission.get("TrichYeuHoSo") or "")[:500],
        "result_delivery": ResultDelivery.BY_POST if submission.get("HinhThuc") == 1 else ResultDelivery.ELECTRONIC,
        "actor_label": f"{applicant.name} ({PORTAL_NAME})",
    }


def national_procedure_code(code: str) -> str | None:
    match = NATIONAL_PROCEDURE_CODE.match(code or "")
    return match.group(0) if match else None
