"""What each form's template may use. Every value is ready to print (dates already written out in Vietnamese), so a
province that rewrites a template needs no filters; the raw objects (`dossier`, `event`, `payload`) are there too.
"""

from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe

from lienthong.catalogue.fees import FeeText, fee_texts, vnd
from lienthong.dossiers.constants import ApplicantKind, EventKind, StepKind, StepState
from lienthong.dossiers.documents.formats import (
    appointment_text,
    date_line,
    local,
    person,
    place_name,
    short_instant,
    time_limit_text,
    verdict,
)
from lienthong.dossiers.documents.qr import dossier_qr_svg, dossier_tracking_url, tracking_page_url
from lienthong.dossiers.documents.selectors import control_slip_steps, step_closers
from lienthong.dossiers.models import Dossier, DossierEvent
from lienthong.dossiers.models.documents import DocumentKind
from lienthong.org.models import Agency

TITLES = {
    DocumentKind.RECEIPT: "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    DocumentKind.SUPPLEMENT: "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    DocumentKind.REFUSAL: "PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ",
    DocumentKind.APOLOGY: "VĂN BẢN XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    DocumentKind.STOP: "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
    DocumentKind.CONTROL_SLIP: "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
    DocumentKind.LEDGER: "SỔ THEO DÕI HỒ SƠ",
}
STEP_STATES = {StepState.ACTIVE: "Đang xử lý", StepState.SENT_BACK: "Trả lại", StepState.CANCELLED: "Đã hủy"}


def header_context(agency: Agency, *, day) -> dict[str, Any]:
    """The top of every form: the agency under its parent, and the place and date (Decree 30/2020 annex I)."""
    return {
        "agency": agency,
        "agency_name": agency.name,
        "parent_name": agency.parent.name if agency.parent_id else "",
        "place": place_name(agency),
        "date_line": date_line(day),
    }


def form_context(kind: str, *, dossier: Dossier, event: DossierEvent) -> dict[str, Any]:
    """The context of form `kind` (01–06) for `dossier`, from the event the form reports."""
    payload = event.payload or {}
    context = header_context(dossier.agency, day=timezone.localtime(event.at).date()) | {
        "kind": kind,
        "title": TITLES[kind],
        "dossier": dossier,
        "event": event,
        "payload": payload,
        "code": dossier.code or "",
        "qr_svg": mark_safe(dossier_qr_svg(dossier.code)) if dossier.code else "",  # noqa: S308 - segno's own SVG
        "tracking_page": tracking_page_url(),
        "tracking_url": dossier_tracking_url(dossier.code) if dossier.code else "",
        "applicant": _applicant(dossier),
        "procedure": dossier.procedure_version.name,
        "procedure_code": dossier.procedure_version.procedure.national_code,
        "summary": dossier.summary or dossier.procedure_version.name,
        "officer": event.actor_label,
        "received_text": appointment_text(dossier.received_at),
        "received_date": f"{local(dossier.received_at):%d/%m/%Y}" if dossier.received_at else "",
        "due_text": appointment_text(dossier.due_at),
    }
    return context | EXTRAS[kind](dossier, event, payload)


def _applicant(dossier: Dossier) -> dict[str, str]:
    citizen = dossier.applicant_kind == ApplicantKind.CITIZEN
    return {
        "name": dossier.applicant_name,
        "addressee": "Ông/Bà" if citizen else "Quý cơ quan, tổ chức",
        "id_number": dossier.applicant_id_number,
        "tax_code": dossier.applicant_tax_code,
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
    }


def _receipt(dossier: Dossier, event: DossierEvent, payload: dict) -> dict[str, Any]:
    present = set(payload.get("documents_present") or [])
    version = dossier.procedure_version
    documents = [
        {"name": doc.name, "copy_kind": doc.get_copy_kind_display(), "quantity": doc.quantity,
         "mandatory": doc.is_mandatory, "present": doc.pk in present}
        for doc in version.ordered_documents
    ]  # fmt: skip
    received_at = event.at
    due_at = parse_datetime(payload["due_at"]) if payload.get("due_at") else dossier.due_at
    if moved := _receipt_moved(dossier, after=event):  # a fee due at receipt paid later: the clock runs from it
        received_at, due_at = parse_datetime(moved["received_at"]), parse_datetime(moved["due_at"])
    return {
        "documents": documents,
        "documents_received": [doc for doc in documents if doc["present"]],
        "time_limit": time_limit_text(version.time_limit_value, version.time_limit_unit),
        # The appointment written on the receipt, even after an apology moved it (that is Mẫu 04's to tell).
        "due_text": appointment_text(due_at),
        "received_text": appointment_text(received_at),
        "delivery": dossier.get_result_delivery_display(),
        "channel": dossier.get_channel_display(),
        "fees": [_printed_fee(fee) for fee in fee_texts(version.fees.all())],
        "fees_paid": _fees_paid(dossier),
    }


def _receipt_moved(dossier: Dossier, *, after: DossierEvent) -> dict | None:
    """The receipt time and appointment a payment set (`dossier_fee_paid`, a fee due at receipt paid after it)."""
    paid = (
        dossier.events.filter(kind=EventKind.FEE_PAID, seq__gt=after.seq)
        .order_by("-seq")
        .values_list("payload", flat=True)
    )
    return next((payload["receipt_moved"] for payload in paid if (payload or {}).get("receipt_moved")), None)


# How a payment was made, as the slip prints it (the payload's `provider`; payments owns the list).
PAID_HOW = {"cash": "tiền mặt tại Bộ phận Một cửa", "pos": "thẻ (POS) tại Bộ phận Một cửa"}


def _fees_paid(dossier: Dossier) -> list[dict[str, str]]:
    """The payments recorded so far (fee_paid events, less those refunded): the slip says what was paid, how, when."""
    events = list(dossier.events.filter(kind__in=[EventKind.FEE_PAID, EventKind.FEE_REFUNDED]).order_by("seq"))
    refunded = {(e.payload or {}).get("reference") for e in events if e.kind == EventKind.FEE_REFUNDED}
    paid = []
    for event in events:
        payload = event.payload or {}
        if event.kind != EventKind.FEE_PAID or payload.get("reference") in refunded:
            continue
        how = PAID_HOW.get(payload.get("provider", ""), "trực tuyến")
        slip = f", hóa đơn POS số {payload['slip_number']}" if payload.get("slip_number") else ""
        paid.append({"amount": vnd(int(payload.get("amount") or 0)), "how": how + slip,
                     "at": short_instant(event.at), "reference": payload.get("reference", "")})  # fmt: skip
    return paid


def _printed_fee(fee: FeeText) -> dict[str, Any]:
    """A fee as the receipt prints it; an amount nobody has checked against the legal text is printed as expected,
    not as settled (the receipt is the applicant's)."""
    if fee.amount is None:
        amount = ""
    elif fee.amount == 0:
        amount = "Miễn phí"
    else:
        amount = vnd(fee.amount) + ("" if fee.verified else " (dự kiến)")
    return {
        "name": fee.name,
        "amount": amount,
        "note": fee.description.rstrip("."),
    }  # printed in brackets, in a sentence


def _supplement(dossier: Dossier, event: DossierEvent, payload: dict) -> dict[str, Any]:
    return {"missing": payload.get("missing") or [], "note": payload.get("note") or "",
            "requested_text": appointment_text(event.at)}  # fmt: skip


def _refusal(dossier: Dossier, event: DossierEvent, payload: dict) -> dict[str, Any]:
    return {"reason": payload.get("reason") or "", "at_receipt": bool(payload.get("at_receipt"))}


def _apology(dossier: Dossier, event: DossierEvent, payload: dict) -> dict[str, Any]:
    return {
        "reason": payload.get("reason") or "",
        "old_due_text": appointment_text(parse_datetime(payload.get("old_due_at") or "")),
        "new_due_text": appointment_text(parse_datetime(payload.get("new_due_at") or "")),
    }


def _stop(dossier: Dossier, event: DossierEvent, payload: dict) -> dict[str, Any]:
    return {"reason": payload.get("reason") or "", "legal_basis": payload.get("legal_basis") or ""}


def _control_slip(dossier: Dossier, event: DossierEvent, payload: dict) -> dict[str, Any]:
    return {"rows": control_slip_rows(dossier=dossier, receipt=event)}


def control_slip_rows(*, dossier: Dossier, receipt: DossierEvent) -> list[dict[str, Any]]:
    """The desk's receipt, then one row per step or consultation: who had the dossier, from when, until when."""
    rows = [{
        "name": "Tiếp nhận hồ sơ", "agency": dossier.agency.name, "officer": receipt.actor_label,
        "started_at": local(receipt.at), "due_at": None, "finished_at": local(receipt.at), "result": "",
    }]  # fmt: skip
    closers = step_closers(dossier=dossier)
    for step in control_slip_steps(dossier=dossier):
        result = verdict(finished_at=step.finished_at, due_at=step.due_at) if step.state == StepState.DONE else ""
        rows.append({
            "name": step.name, "agency": step.agency.name, "consultation": step.kind == StepKind.CONSULTATION,
            "officer": closers.get(step.pk) or person(step.assignee), "started_at": local(step.started_at),
            "due_at": local(step.due_at), "finished_at": local(step.finished_at),
            "result": result or STEP_STATES.get(step.state, ""),
        })  # fmt: skip
    for number, row in enumerate(rows, start=1):
        row["number"] = number
        row.update({f"{key}_text": short_instant(row[key]) for key in ("started_at", "due_at", "finished_at")})
    return rows


EXTRAS = {
    DocumentKind.RECEIPT: _receipt,
    DocumentKind.SUPPLEMENT: _supplement,
    DocumentKind.REFUSAL: _refusal,
    DocumentKind.APOLOGY: _apology,
    DocumentKind.STOP: _stop,
    DocumentKind.CONTROL_SLIP: _control_slip,
}


def ledger_rows(dossiers) -> list[dict[str, Any]]:
    """One line of the tracking ledger (Mẫu 07) per dossier, in the order received."""
    rows = []
    for number, dossier in enumerate(dossiers, start=1):
        contact = ", ".join(part for part in (dossier.applicant_address, dossier.applicant_phone) if part)
        rows.append({
            "number": number, "code": dossier.code, "applicant": dossier.applicant_name, "contact": contact,
            "procedure": dossier.procedure_version.name, "received_at": local(dossier.received_at),
            "due_at": local(dossier.due_at), "returned_at": local(dossier.returned_at),
            "status": dossier.get_status_display(),
            "result": verdict(finished_at=dossier.finished_at, due_at=dossier.due_at) if dossier.returned_at else "",
        })  # fmt: skip
    for row in rows:
        row.update({f"{key}_text": short_instant(row[key]) for key in ("received_at", "due_at", "returned_at")})
    return rows
