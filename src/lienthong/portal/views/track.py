"""Track a dossier by its code without an account (issue 4, item 3): a GET form that works without JavaScript."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from lienthong.core.http import client_address, private_response
from lienthong.core.storedfiles import stored_file_response
from lienthong.dossiers.constants import Status
from lienthong.notify.links import opt_out_token, track_token_code
from lienthong.payments.selectors import demand_of_code, online_payment_on, receipts_for_applicant
from lienthong.payments.tokens import pay_token, receipt_token
from lienthong.portal import rating, tracking
from lienthong.portal.tracking_reads import tracked_dossier

CODE_PREFILL_MAX = 100


class TrackForm(forms.Form):
    """Parsed by the form, written out by hand in portal/track.html."""

    code = forms.CharField(
        label=_("Mã số hồ sơ"),
        max_length=100,
        help_text=_("In trên giấy tiếp nhận hồ sơ và hẹn trả kết quả, ví dụ 000.00.01.H19-260213-0001."),
    )
    # Never written back into the page (the template leaves its field empty): half of what proves who asks.
    digits = forms.CharField(label=_("4 số cuối số điện thoại hoặc số định danh cá nhân của người nộp"), max_length=10)

    def clean_code(self) -> str:
        code = tracking.code_normalise(self.cleaned_data["code"])
        if not tracking.code_is_well_formed(code):
            raise forms.ValidationError(_("Mã số hồ sơ chỉ gồm chữ số, chữ cái, dấu chấm và dấu gạch ngang."))
        return code

    def clean_digits(self) -> str:
        digits = tracking.digits_normalise(self.cleaned_data["digits"])
        if not tracking.digits_are_well_formed(digits):
            raise forms.ValidationError(_("Nhập đúng 4 chữ số."))
        return digits


@require_GET
def track(request: HttpRequest) -> HttpResponse:
    if "t" in request.GET and "digits" not in request.GET:
        return _track_signed(request)
    if request.GET and "digits" not in request.GET:
        # The link in an e-mail to the applicant names the code only (never the digits that prove who asks):
        # the form comes with the code filled in and asks for the digits, without an error.
        form = TrackForm(initial={"code": request.GET.get("code", "")[:CODE_PREFILL_MAX]})
        return private_response(render(request, "portal/track.html", {"form": form, "code_given": True}))
    form = TrackForm(request.GET if request.GET else None)
    context: dict = {"form": form}
    status = 200
    if form.is_valid():
        outcome = tracking.track_attempt(
            code=form.cleaned_data["code"], digits=form.cleaned_data["digits"], client=client_address(request)
        )
        if outcome.retry_after is not None:
            status, context["message"] = 429, tracking.TOO_MANY % {"seconds": outcome.retry_after}
        elif outcome.facts is None:
            status, context["message"] = 404, tracking.NOT_FOUND
        else:
            context["facts"] = outcome.facts
            # Only a procedure with an amount to pay costs the look-up (its fees come from the cache, no query).
            if any(fee.amount for fee in outcome.facts.published_fees):
                context["payment"] = demand_of_code(code=outcome.facts.code)
            payment = context.get("payment")
            if payment and payment.payable and online_payment_on(dossier_id=payment.dossier_id):
                context["pay_token"] = pay_token(outcome.facts.code)
            if context.get("payment") and context["payment"].paid:  # its e-receipts, each by a signed link
                receipts = receipts_for_applicant(code=outcome.facts.code)
                context["receipts"] = [(receipt, receipt_token(receipt.key)) for receipt in receipts]
            if outcome.facts.status == Status.RETURNED:  # now the applicant may rate the service (portal/rating.py)
                context["rating_token"] = rating.rating_token(outcome.facts.code)
    response = private_response(render(request, "portal/track.html", context, status=status))
    if status == 429:
        response["Retry-After"] = str(outcome.retry_after)
    return response


def _track_signed(request: HttpRequest) -> HttpResponse:
    """The link in a message to the applicant (notify.links): signed for one code and time-limited, it opens the
    dossier without the digits; an altered or expired one asks for them, with the code filled in."""
    code = track_token_code(request.GET.get("t", ""))
    dossier = tracked_dossier(code=code) if code else None
    if dossier is None:
        form = TrackForm(initial={"code": request.GET.get("code", "")[:CODE_PREFILL_MAX]})
        message = _("Liên kết đã hết hạn hoặc không hợp lệ. Vui lòng nhập 4 số cuối để tra cứu.")
        context = {"form": form, "code_given": True, "message": message}
        return private_response(render(request, "portal/track.html", context))
    facts = tracking.track_facts(dossier)
    context = {"form": TrackForm(initial={"code": code}), "facts": facts, "opt_out_token": opt_out_token(code)}
    if facts.status == Status.RETURNED:
        context["rating_token"] = rating.rating_token(facts.code)
    return private_response(render(request, "portal/track.html", context))


@require_GET
def track_result(request: HttpRequest, token: str) -> HttpResponse:
    """An electronic result, through a link only a successful look-up hands out, valid for a few minutes."""
    attachment = tracking.result_for_token(token)
    if attachment is None:
        context = {
            "form": TrackForm(),
            "message": _("Liên kết tải kết quả không hợp lệ hoặc đã hết hạn. Vui lòng tra cứu lại."),
        }
        return private_response(render(request, "portal/track.html", context, status=404))
    response = stored_file_response(
        request, attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )
    return private_response(response)
