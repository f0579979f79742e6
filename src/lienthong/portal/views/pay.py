"""Paying a dossier's fees online (issue 13 item 6): from the tracking page, a signed link (handed out only after
the code + four digits look-up) starts an attempt and sends the payer to the gateway; the gateway sends them back
to the return page, which says what is known — the IPN, server to server, is what changes the state."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lienthong.core.errors import DomainError
from lienthong.core.http import client_address, private_response
from lienthong.core.storedfiles import stored_file_response
from lienthong.dossiers.models import Dossier
from lienthong.payments.constants import ReceiptState
from lienthong.payments.models import EReceipt
from lienthong.payments.receipting import receipt_document
from lienthong.payments.selectors import online_payment_on, online_provider, payment_return_view
from lienthong.payments.services import PaymentError, payment_start
from lienthong.payments.tokens import code_for_pay_token, key_for_receipt_token

REFRESH_SECONDS = 3


@require_POST
def pay_start(request: HttpRequest, token: str) -> HttpResponse:
    code = code_for_pay_token(token)
    dossier = Dossier.objects.filter(code=code).first() if code else None
    if dossier is None:
        return _message(request, _("Liên kết thanh toán không hợp lệ hoặc đã hết hạn. Vui lòng tra cứu lại hồ sơ."),
                        status=404)  # fmt: skip
    if not online_payment_on(dossier_id=dossier.pk):
        return _message(
            request, _("Hiện chưa nhận thanh toán trực tuyến; vui lòng nộp tại Bộ phận Một cửa."), status=503
        )
    try:
        provider = online_provider(dossier_id=dossier.pk)  # the collecting agency's channel, else the province's
        _tx, url = payment_start(dossier=dossier, provider=provider, client_ip=client_address(request),
                                 return_url=request.build_absolute_uri(reverse("portal:pay-return")))  # fmt: skip
    except PaymentError as exc:
        return _message(request, exc.message, status=409)
    return redirect(url)


@require_GET
def pay_return(request: HttpRequest) -> HttpResponse:
    view = payment_return_view(params=request.GET.dict())
    context = {"view": view, "refresh": REFRESH_SECONDS if view.outcome == "awaiting" else 0}
    return private_response(render(request, "portal/pay_return.html", context,
                                   status=400 if view.outcome == "unknown" else 200))  # fmt: skip


def _message(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    view_context = {"view": None, "message": message, "refresh": 0}
    return private_response(render(request, "portal/pay_return.html", view_context, status=status))


@require_GET
def receipt_download(request: HttpRequest, token: str) -> HttpResponse:
    """An e-receipt's PDF by the signed link of the tracking page (in force only: a cancelled one is not given)."""
    key = key_for_receipt_token(token)
    receipt = EReceipt.objects.filter(key=key, state=ReceiptState.ISSUED).first() if key else None
    if receipt is None:
        return _message(request, _("Liên kết tải biên lai không hợp lệ hoặc đã hết hạn. Vui lòng tra cứu lại hồ sơ."),
                        status=404)  # fmt: skip
    try:
        receipt = receipt_document(receipt=receipt)
    except DomainError as error:
        return _message(request, error.message, status=503)
    if not receipt.document:
        raise Http404
    filename = f"bien-lai-{receipt.series}-{receipt.number}.pdf"
    return private_response(stored_file_response(request, receipt.document, filename=filename,
                                                 content_type="application/pdf"))  # fmt: skip
