"""The field mapping between a dossier and the portal's records (domain reference §4.1), in one place.

- `national_payload`: the DongBoHoSoMC record of a dossier as it stands now, and its CapNhatTienDoHoSoMC steps
  (QuaTrinhXuLy, one per event, in order), built from one walk over its events.
- `submission_intake`: what a dossier submitted on the portal becomes in `dossier_submit_online`.

Statuses go through the administrator's StatusMapping table; dates are local time as yyyyMMddHHmmss.
docs/national-portal.md has the same mapping as a table: change both together.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from lienthong.core.text import fold
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
# DanhSachLePhi (domain reference §4.2): HinhThucThu 1 at receipt, 2 with a supplement, 4 with the result;
# LoaiPhiLePhi 1 ordinary, 2 appraisal or permit, 3 extension.
COLLECTED_AT_RECEIPT, COLLECTED_WITH_RESULT = 1, 4
COLLECTED_AT = {"receipt": 1, "supplement": 2, "result": 4}  # catalogue's FeeDue → HinhThucThu
FEE_ORDINARY, FEE_APPRAISAL, FEE_EXTENSION = 1, 2, 3
# Events done at the receiving desk whoever the officer is: their department is the receiving agency.
DESK_EVENTS = frozenset({EventKind.SUBMITTED, EventKind.RECEIVED, EventKind.SUPPLEMENT_SUBMITTED,
                         EventKind.SUPPLEMENT_RECEIVED, EventKind.RETURNED, EventKind.WITHDRAWN})  # fmt: skip
# The file links of a record change at every build (they expire); what the portal is told otherwise does not.
LINK_FIELDS = ("DuongDanTaiTepTin", "DuongDanTepTinKetQua")


def portal_date(instant: datetime | None) -> str | None:
    return timezone.localtime(instant).strftime(DATE_FORMAT) if instant else None


def _payload_date(value: Any) -> str | None:
    """An instant an event's payload holds as ISO text (local, +07:00), as the portal writes dates."""
    return portal_date(parse_datetime(value)) if isinstance(value, str) else None


def _compact(item: dict) -> dict:
    """Empty values are left out, never sent as "" or null."""
    return {name: value for name, value in item.items() if value not in (None, "", [])}


def national_status(status: str, *, received: bool, status_map: dict[str, int]) -> int:
    """The national code of an internal status. A supplement asked at the desk before receipt (Decree 61 art.
    17(1a)) leaves the dossier unreceived: it is still Mới đăng ký, with the request in its supplement list, since
    the portal's 5 is a received dossier whose clock stands still (it needs NgayTiepNhan and NgayHenTra)."""
    if status == Status.SUPPLEMENT_REQUESTED and not received:
        return status_map[Status.SUBMITTED]
    return status_map[status]


@dataclass
class Walk:
    """What one pass over a dossier's events tells: who acted where at each event, and who holds or decided it."""

    codes: list[str] = field(default_factory=list)  # per event, the agency code of the department that acted
    holder: str = ""  # the agency at work on the dossier now (its current step's; the desk before and after)
    decider: str = ""  # the agency whose step ended processing (approved, else the last step completed)


def _step_code(step: Any) -> str | None:
    return step.get("agency_code") if isinstance(step, dict) else None


def _first_code(steps: Any) -> str | None:
    return _step_code(steps[0]) if isinstance(steps, list) and steps else None


def _acting_code(event: DossierEvent, *, desk: str, holder: str, last_done: str) -> str:
    """The department of an event: named by its payload for step work, the desk for desk work, else whoever holds
    the dossier then (a supplement or obligation asked at a step, an apology, a stop or refusal after appraisal)."""
    payload, kind = event.payload or {}, event.kind
    if kind in (EventKind.STEP_COMPLETED, EventKind.APPROVED, EventKind.ASSIGNED, EventKind.CONSULTATION_REQUESTED):
        return _step_code(payload.get("step")) or holder
    if kind == EventKind.CONSULTATION_ANSWERED:
        return _step_code(payload.get("consultation")) or holder
    if kind == EventKind.TRANSFERRED:
        return _step_code(payload.get("from")) or holder
    if kind == EventKind.SENT_BACK:
        return _first_code(payload.get("from")) or holder
    if kind in (EventKind.FORWARDED, EventKind.RESULT_READY):
        # From the desk at first; afterwards by whoever finished the step that let the dossier move on.
        return desk if event.status_before == Status.RECEIVED else last_done or holder
    if kind in DESK_EVENTS or (kind == EventKind.REFUSED and payload.get("at_receipt")):
        return desk
    return holder


def events_walk(*, events: Sequence[DossierEvent], desk: str) -> Walk:
    walk = Walk(holder=desk)
    last_done, approved = "", ""
    for event in events:
        payload = event.payload or {}
        code = _acting_code(event, desk=desk, holder=walk.holder, last_done=last_done)
        walk.codes.append(code)
        if event.kind in (EventKind.STEP_COMPLETED, EventKind.APPROVED):
            last_done = code
            approved = code if event.kind == EventKind.APPROVED else approved
        elif event.kind == EventKind.FORWARDED:
            walk.holder = _first_code(payload.get("steps")) or walk.holder
        elif event.kind == EventKind.TRANSFERRED:
            walk.holder = _step_code(payload.get("to")) or walk.holder
        elif event.kind == EventKind.SENT_BACK:
            walk.holder = _first_code(payload.get("to")) or walk.holder
        elif event.kind == EventKind.RESULT_READY:
            walk.decider = approved or last_done or walk.holder
            walk.holder = _step_code(payload.get("return_step")) or desk
    return walk


@dataclass(frozen=True)
class Payload:
    record: dict
    steps: list[dict]


@dataclass(frozen=True)
class Sources:
    """What the mapping reads besides the dossier and its events: names of the agencies the events name, and how to
    link a file for the portal (None: no links, as when only checking the mapping)."""

    agency_names: dict[str, str]
    link: Callable[[Attachment], str] | None = None


def national_payload(
    *, dossier: Dossier, events: Sequence[DossierEvent], status_map: dict[str, int], sources: Sources
) -> Payload:
    """The record and the steps the portal must hold of `dossier`; one pass over its events serves both."""
    walk = events_walk(events=events, desk=dossier.agency.identifier_code)
    names = sources.agency_names | {dossier.agency.identifier_code: dossier.agency.name}
    with translation.override("vi"):  # the portal's records are Vietnamese whatever the worker's language
        return Payload(
            record=dossier_record(dossier=dossier, events=events, status_map=status_map, walk=walk, names=names,
                                  link=sources.link),
            steps=progress_steps(dossier=dossier, events=events, status_map=status_map, walk=walk, names=names),
        )  # fmt: skip


def agency_codes_named(events: Sequence[DossierEvent]) -> set[str]:
    """Every agency code the events' payloads name (the steps' agencies), for one look-up of their names."""
    codes = set()
    for event in events:
        payload = event.payload or {}
        for key in ("step", "consultation", "from", "to", "return_step", "steps"):
            value = payload.get(key)
            for item in value if isinstance(value, list) else [value]:
                if code := _step_code(item):
                    codes.add(code)
    return codes


def dossier_record(
    *,
    dossier: Dossier,
    events: Sequence[DossierEvent],
    status_map: dict[str, int],
    walk: Walk,
    names: dict[str, str],
    link: Callable[[Attachment], str] | None,
) -> dict:
    """The DongBoHoSoMC record; fields without a value are left out rather than sent empty."""
    version = dossier.procedure_version
    attachments = list(dossier.attachments.all())
    documents = [a for a in attachments if a.kind != Attachment.Kind.RESULT]
    received = dossier.received_at is not None
    processed_by = walk.decider if dossier.status in (Status.RESULT_READY, Status.RETURNED) else walk.holder
    record = {
        "MaHoSo": dossier.code,
        "MaTTHC": version.procedure.national_code,
        "TenTTHC": version.name,
        "MaLinhVuc": version.procedure.field.code,
        "TenLinhVuc": version.procedure.field.name,
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
        "TrangThaiHoSo": national_status(dossier.status, received=received, status_map=status_map),
        "NgayTra": portal_date(dossier.returned_at),
        "HinhThuc": 1 if dossier.result_delivery == ResultDelivery.BY_POST else 0,
        "NgayKetThucXuLy": portal_date(dossier.finished_at or dossier.returned_at),
        "DonViXuLy": names.get(processed_by) or dossier.agency.name,
        "NgayTuChoi": portal_date(_last_at(events, EventKind.REFUSED)) if dossier.status == Status.REFUSED else None,
        "NoiNopHoSo": PORTAL_NAME if dossier.channel == Channel.NATIONAL_PORTAL else dossier.agency.name,
        "HoSoCoThanhPhanSoHoa": 1 if documents else 0,
        "TaiKhoanDuocXacThucVoiVNeID": 0,
        "DuocThanhToanTrucTuyen": paid_online_kind((event.kind, event.payload) for event in events),
        "TaiLieuNop": [_document(a, link=link) for a in documents],
        "DanhSachLePhi": _fees(dossier, events),
        "DanhSachHoSoBoSung": _supplements(dossier, events, attachments, link=link),
        "DanhSachGiayToKetQua": _results(dossier, attachments, link=link),
    }
    return _compact(record)


def _document(attachment: Attachment, *, link: Callable[[Attachment], str] | None) -> dict:
    document = attachment.required_document
    return _compact({
        "TepDinhKemId": str(attachment.pk),
        "TenTepDinhKem": attachment.original_name,
        "IsDeleted": False,
        "MaThanhPhanHoSo": document.code if document and document.code else None,
        "DuongDanTaiTepTin": link(attachment) if link and attachment.file else None,
        "DuocSoHoa": 1 if attachment.file else 0,
        # Taken from the applicant's store of digitised documents (dossiers.services.store), not submitted again.
        "DuocTaiSuDung": 1 if attachment.reused_from_id else None,
    })  # fmt: skip


def fee_kind(name: str) -> int:
    """LoaiPhiLePhi from the fee's name, the catalogue having no column for it: a fee for appraising a dossier
    (phí thẩm định) is 2, one for an extension (gia hạn) 3, any other fee or charge 1."""
    folded = fold(name)
    if "tham dinh" in folded:
        return FEE_APPRAISAL
    return FEE_EXTENSION if "gia han" in folded else FEE_ORDINARY


# The payments provider that is the national platform on DVCQG (payments.constants.Provider.PAYGOV, named here so
# national imports nothing of payments): a fee paid through it is DuocThanhToanTrucTuyen 1, through any other 2.
NATIONAL_PLATFORM = "paygov"


def paid_online_kind(fee_events: Iterable[tuple[str, dict | None]]) -> int:
    """DuocThanhToanTrucTuyen: 1 = paid on the national platform, 2 = through the province's own gateway, 0 = not
    paid online (at the desk, or not at all) or refunded since — from a dossier's fee events in their order, as
    (kind, payload) pairs (payments writes them; we read no payments). The reporting read model's
    `paid_online_kind` is this same answer (reports.facts), so the sync and Decision 766's 3.5–3.6 never disagree."""
    paid = 0
    for kind, payload in fee_events:
        if kind == EventKind.FEE_PAID and (payload or {}).get("online", True):
            paid = 1 if (payload or {}).get("provider") == NATIONAL_PLATFORM else 2
        elif kind == EventKind.FEE_REFUNDED:
            paid = 0
    return paid


def _fees(dossier: Dossier, events: Sequence[DossierEvent]) -> list[dict]:
    """The procedure version's fees with a known amount (paid when the dossier is received; an amount the catalogue
    does not know is not invented), then the financial obligations notified during processing (paid before the
    result is handed over)."""
    fees = [
        _compact({"TenPhiLePhi": fee.name, "MaPhiLePhi": fee.code, "Gia": fee.amount,
                  "HinhThucThu": COLLECTED_AT.get(fee.due, COLLECTED_AT_RECEIPT), "LoaiPhiLePhi": fee_kind(fee.name)})
        for fee in dossier.procedure_version.fees.all()
        if fee.amount is not None
    ]  # fmt: skip
    for event in events:
        if event.kind == EventKind.FINANCIAL_OBLIGATION_SET:
            fees += [
                {"TenPhiLePhi": item["name"], "HinhThucThu": COLLECTED_WITH_RESULT, "Gia": item["amount"],
                 "LoaiPhiLePhi": fee_kind(item["name"])}
                for item in (event.payload or {}).get("items") or []
                if isinstance(item, dict) and item.get("name") and isinstance(item.get("amount"), int)
            ]  # fmt: skip
    return fees


def _supplements(
    dossier: Dossier, events: Sequence[DossierEvent], attachments: list[Attachment], *, link
) -> list[dict]:
    """One item per supplement request (Decree 61 art. 15(3), 17(1a), 19(4)): what was asked and when, the files
    the applicant sent for it, and when the desk recorded it complete with the appointment before and after."""
    items: list[dict] = []
    sent = [a for a in attachments if a.kind == Attachment.Kind.SUPPLEMENT]
    for event in events:
        payload = event.payload or {}
        if event.kind == EventKind.SUPPLEMENT_REQUESTED:
            asked = "; ".join(str(item) for item in payload.get("missing") or [])
            note = str(payload.get("note") or "").strip()
            content = f"{asked}. {note}" if asked and note else asked or note or str(EventKind(event.kind).label)
            items.append({
                "HoSoBoSungId": f"{dossier.code}-BS{len(items) + 1}",
                "NguoiYeuCauBoSung": event.actor_label or SYSTEM_ACTOR,
                "NoiDungBoSung": content,
                "NgayBoSung": portal_date(event.at),
                "TrangThaiBoSung": 0,
                "_asked_at": event.at,
            })  # fmt: skip
        elif event.kind == EventKind.SUPPLEMENT_RECEIVED and items:
            items[-1].update({
                "NguoiTiepNhanBoSung": event.actor_label or SYSTEM_ACTOR,
                "ThongTinTiepNhan": str(payload.get("note") or "").strip() or None,
                "NgayTiepNhanBoSung": portal_date(event.at),
                "TrangThaiBoSung": 1,
                "NgayHenTraTruoc": _payload_date(payload.get("old_due_at")),
                "NgayHenTraMoi": _payload_date(payload.get("new_due_at")),
            })  # fmt: skip
    for index, item in enumerate(items):
        until = items[index + 1]["_asked_at"] if index + 1 < len(items) else None
        answered = [a for a in sent if a.uploaded_at >= item["_asked_at"] and (until is None or a.uploaded_at < until)]
        item["DanhSachGiayToBoSung"] = [_document(a, link=link) for a in answered]
        del item["_asked_at"]
    return [_compact(item) for item in items]


def _results(dossier: Dossier, attachments: list[Attachment], *, link) -> list[dict]:
    """The result documents (Decree 61 art. 20), each with its code: the number the officer gave it, else one made
    from the dossier's code and its place among the results, so the portal can tell them apart and count them."""
    results = [a for a in attachments if a.kind == Attachment.Kind.RESULT]
    return [
        _compact({
            "TenGiayTo": attachment.description or attachment.original_name,
            "GiayToId": str(attachment.pk),
            "DuongDanTepTinKetQua": link(attachment) if link and attachment.file else None,
            "MaGiayToKetQua": attachment.result_code or f"{dossier.code}-KQ{position}",
        })
        for position, attachment in enumerate(results, start=1)
    ]  # fmt: skip


def _last_at(events: Sequence[DossierEvent], kind: str) -> datetime | None:
    return next((event.at for event in reversed(events) if event.kind == kind), None)


def progress_steps(
    *, dossier: Dossier, events: Sequence[DossierEvent], status_map: dict[str, int], walk: Walk,
    names: dict[str, str],
) -> list[dict]:  # fmt: skip
    """One QuaTrinhXuLy record per event, oldest first: who did what, where, when, and the status it left."""
    steps = []
    received = False
    for event, code in zip(events, walk.codes, strict=True):
        payload = event.payload or {}
        received = received or event.kind == EventKind.RECEIVED
        note = str(payload.get("reason") or payload.get("note") or "").strip()
        label = str(EventKind(event.kind).label) if event.kind in EventKind.values else event.kind
        due = payload.get("new_due_at") or payload.get("due_at")
        step = {
            "MaHoSo": dossier.code,
            "NguoiXuLy": event.actor_label or SYSTEM_ACTOR,
            "ThoiDiemXuLy": portal_date(event.at),
            "PhongBanXuLy": names.get(code) or dossier.agency.name,
            "NoiDungXuLy": f"{label}: {note}" if note else label,
            "TrangThai": national_status(event.status_after, received=received, status_map=status_map),
            "NgayBatDau": portal_date(event.at),
            "NgayKetThucTheoQuyDinh": _payload_date(due),
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
