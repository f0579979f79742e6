"""Anyone can check a signed result (issue 14, item 3): `/v/<dossier code>/<id>/`, the address printed as a QR code
in the result's signature stamp, shows without an account who signed it, for which agency, when, its number, and
whether it is intact and trusted — each signature on it, the leader's and the agency's seal; the original downloads;
an uploaded PDF is checked and compared with it."""

from django import forms
from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lienthong.core.http import client_address, private_response
from lienthong.dossiers.models import Attachment
from lienthong.signing.selectors import (
    pdf_check,
    sealed_slip_get,
    signature_rows,
    signed_result_get,
    slip_check,
    slip_rows,
    slip_stored_check,
    stored_check,
)
from lienthong.signing.services import SigningError, guard_check_rate
from lienthong.signing.verify import NotAPdfError


class CheckForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp PDF cần kiểm tra"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.LIENTHONG_SIGNING_VERIFY_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(_("Tệp lớn hơn giới hạn %(limit)s.") % {"limit": filesizeformat(limit)})
        return upload


class _Document:
    """What the page shows of a signed document: a result (its signatures, the leader's and the seal's) or a slip
    sealed by the agency (Mẫu 01–05: one signature)."""

    def __init__(self, code: str, public_id: str):
        signature = signed_result_get(code=code, public_id=public_id)
        if signature is not None:
            self.signature, self.result, self.slip = signature, signature.attachment, None
            # an electronic copy certified from the original at the desk (signing/digitise.py), not a result
            self.copy = signature.attachment if signature.attachment.kind != Attachment.Kind.RESULT else None
            return
        slip = sealed_slip_get(code=code, public_id=public_id)
        if slip is None:
            raise Http404(_("Không tìm thấy văn bản đã ký số với địa chỉ này."))
        self.signature, self.result, self.slip, self.copy = slip, slip, slip, None

    def stored_check(self):
        return slip_stored_check(slip=self.slip) if self.slip else stored_check(attachment=self.result)

    def rows(self, check):
        return slip_rows(slip=self.slip, check=check) if self.slip else signature_rows(attachment=self.result,
                                                                                        check=check)  # fmt: skip

    def check(self, content: bytes):
        return slip_check(slip=self.slip, content=content) if self.slip else pdf_check(attachment=self.result,
                                                                                        content=content)  # fmt: skip


@require_http_methods(["GET", "POST"])
def verify_result(request: HttpRequest, code: str, public_id: str) -> HttpResponse:
    document = _Document(code, public_id)
    signature, result = document.signature, document.result
    check = document.stored_check()
    context = {"signature": signature, "rows": document.rows(check), "result": result, "slip": document.slip,
               "copy": document.copy,
               "code": code, "check": check, "limit": filesizeformat(
                   settings.LIENTHONG_SIGNING_VERIFY_MAX_BYTES)}  # fmt: skip
    status = 200
    form = CheckForm(request.POST or None, request.FILES or None)
    retry_after = None
    if request.method == "POST":
        try:
            guard_check_rate(client=client_address(request))
            if form.is_valid():
                context["uploaded"] = document.check(form.cleaned_data["file"].read())
        except NotAPdfError:
            form.add_error("file", _("Tệp đã chọn không phải tệp PDF."))
        except SigningError as refused:
            form.add_error("file", refused.message)
            retry_after = refused.retry_after
        if form.errors:
            status = 429 if retry_after else 400
    context["form"] = form
    response = private_response(render(request, "portal/verify.html", context, status=status))
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def verify_download(request: HttpRequest, code: str, public_id: str) -> HttpResponse:
    """The signed original as the agency holds it."""
    result = _Document(code, public_id).result
    response = FileResponse(result.file.open("rb"), as_attachment=True, filename=result.original_name,
                            content_type="application/pdf")  # fmt: skip
    return private_response(response)
