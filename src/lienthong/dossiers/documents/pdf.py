"""Forms as PDF: HTML from the template, laid out by WeasyPrint with the machine's own fonts and nothing fetched."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from lienthong.dossiers.constants import EventKind
from lienthong.dossiers.documents.context import TITLES, form_context, header_context, ledger_rows
from lienthong.dossiers.documents.selectors import document_dossier, document_event, ledger_agency, ledger_dossiers
from lienthong.dossiers.documents.templates import document_render
from lienthong.dossiers.documents.weasy import html_to_pdf
from lienthong.dossiers.models import Dossier, DossierEvent
from lienthong.dossiers.models.documents import DocumentKind
from lienthong.dossiers.services.errors import DossierError
from lienthong.org.models import Agency

NO_DOCUMENT = "document_not_available"
INVALID_PERIOD = "invalid_period"
# The event each form reports; the control slip starts with the receipt.
EVENT_OF = {
    DocumentKind.RECEIPT: EventKind.RECEIVED,
    DocumentKind.SUPPLEMENT: EventKind.SUPPLEMENT_REQUESTED,
    DocumentKind.REFUSAL: EventKind.REFUSED,
    DocumentKind.APOLOGY: EventKind.APOLOGY_ISSUED,
    DocumentKind.STOP: EventKind.STOPPED,
    DocumentKind.CONTROL_SLIP: EventKind.RECEIVED,
}


def _missing_message(kind: str) -> str:
    return {
        DocumentKind.RECEIPT: _("Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận và hẹn trả kết quả."),
        DocumentKind.SUPPLEMENT: _("Hồ sơ chưa có yêu cầu bổ sung, hoàn thiện nào."),
        DocumentKind.REFUSAL: _("Hồ sơ không bị từ chối tiếp nhận, giải quyết."),
        DocumentKind.APOLOGY: _("Hồ sơ chưa có văn bản xin lỗi và hẹn lại ngày trả kết quả."),
        DocumentKind.STOP: _("Hồ sơ không bị dừng giải quyết."),
        DocumentKind.CONTROL_SLIP: _("Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát quá trình giải quyết."),
    }[kind]


def form_source(*, dossier: Dossier, kind: str) -> tuple[Dossier, DossierEvent]:
    """The dossier as a form prints it and the event the form reports; DossierError if it never happened."""
    kind = DocumentKind(kind)
    if kind not in EVENT_OF:
        raise ValueError(f"Mẫu {kind} là sổ theo dõi: dùng ledger_pdf hoặc ledger_xlsx")
    dossier = document_dossier(dossier_id=dossier.pk)
    event = document_event(dossier=dossier, kind=EVENT_OF[kind])
    if event is None:
        raise DossierError(NO_DOCUMENT, _missing_message(kind), kind=str(kind))
    return dossier, event


def document_html(*, dossier: Dossier, kind: str) -> str:
    """The HTML of form `kind` (01–06) for `dossier`; DossierError if the dossier never went through that event."""
    dossier, event = form_source(dossier=dossier, kind=kind)
    return document_render(DocumentKind(kind), form_context(DocumentKind(kind), dossier=dossier, event=event))


def document_pdf(*, dossier: Dossier, kind: str) -> bytes:
    """Form `kind` (01–06) for `dossier` as PDF: A5 for 01–05, A4 for 06 (Circular 01/2018 art. 9)."""
    return html_to_pdf(document_html(dossier=dossier, kind=kind))


def ledger_context(*, agency: Agency, date_from: dt.date, date_to: dt.date) -> dict:
    """The tracking ledger (Mẫu 07) of what `agency` received from `date_from` to `date_to`, both included."""
    if date_from > date_to:
        raise DossierError(INVALID_PERIOD, _("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
    agency = ledger_agency(agency=agency)
    rows = ledger_rows(ledger_dossiers(agency=agency, date_from=date_from, date_to=date_to))
    return header_context(agency, day=timezone.localdate()) | {
        "kind": DocumentKind.LEDGER,
        "title": TITLES[DocumentKind.LEDGER],
        "date_from": date_from,
        "date_to": date_to,
        "period": f"Từ ngày {date_from:%d/%m/%Y} đến ngày {date_to:%d/%m/%Y}",
        "rows": rows,
    }


def ledger_html(*, agency: Agency, date_from: dt.date, date_to: dt.date) -> str:
    context = ledger_context(agency=agency, date_from=date_from, date_to=date_to)
    return document_render(DocumentKind.LEDGER, context)


def ledger_pdf(*, agency: Agency, date_from: dt.date, date_to: dt.date) -> bytes:
    """Mẫu 07 as PDF, landscape A4: one line per dossier received in the period."""
    return html_to_pdf(ledger_html(agency=agency, date_from=date_from, date_to=date_to))
