"""A dossier's e-receipts (biên lai điện tử) in the back office: any officer who may read the dossier downloads
them; the finance officer of the receiving agency cancels or replaces one, with a reason (the service checks)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lienthong.backoffice.views.common import visible_dossier
from lienthong.core.errors import DomainError
from lienthong.core.storedfiles import stored_file_response
from lienthong.org.access import officer_required
from lienthong.payments.models import EReceipt
from lienthong.payments.receipting import receipt_cancel, receipt_document, receipt_replace


def _receipt(request: HttpRequest, dossier_id: int, receipt_id: int) -> EReceipt:
    dossier = visible_dossier(request, dossier_id)
    receipt = EReceipt.objects.filter(pk=receipt_id, transaction__demand__dossier=dossier).first()
    if receipt is None:
        raise Http404(_("Không có biên lai này."))
    return receipt


@officer_required
def receipt_download(request: HttpRequest, dossier_id: int, receipt_id: int) -> HttpResponse:
    receipt = _receipt(request, dossier_id, receipt_id)
    try:
        receipt = receipt_document(receipt=receipt)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("backoffice:dossier", dossier_id=dossier_id)
    if not receipt.document:
        raise Http404(_("Biên lai chưa được lập."))
    return stored_file_response(request, receipt.document, filename=f"bien-lai-{receipt.series}-{receipt.number}.pdf",
                                content_type="application/pdf")  # fmt: skip


@require_POST
@officer_required
def receipt_change(request: HttpRequest, dossier_id: int, receipt_id: int) -> HttpResponse:
    """Cancel (`action=cancel`) or replace (`action=replace`, with the payer's name as it should read)."""
    receipt = _receipt(request, dossier_id, receipt_id)
    reason = request.POST.get("reason", "")[:2000]
    try:
        if request.POST.get("action") == "replace":
            new = receipt_replace(officer=request.user, receipt_id=receipt.pk, reason=reason,
                                  payer_name=request.POST.get("payer_name", "")[:255])  # fmt: skip
            messages.success(request, _("Đã lập biên lai %(number)s thay thế.") % {"number": new.number})
        else:
            receipt_cancel(officer=request.user, receipt_id=receipt.pk, reason=reason)
            messages.success(request, _("Đã hủy biên lai %(number)s.") % {"number": receipt.number})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("backoffice:dossier", dossier_id=dossier_id)
