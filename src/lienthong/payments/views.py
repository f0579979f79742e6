"""The providers' server-to-server callbacks (VNPAY IPN, the national platform's CONFIRM). Not pages: a JSON reply
with the provider's codes, never an error page — a provider retries on anything it does not understand."""

import json
import logging

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from lienthong.payments.constants import CallbackOutcome, Provider
from lienthong.payments.providers import provider_for
from lienthong.payments.services import payment_callback_apply

log = logging.getLogger("lienthong.payments")
MESSAGES = {
    CallbackOutcome.APPLIED: "Confirm Success",
    CallbackOutcome.NOT_FOUND: "Order not found",
    CallbackOutcome.ALREADY_CONFIRMED: "Order already confirmed",
    CallbackOutcome.WRONG_AMOUNT: "Invalid amount",
    CallbackOutcome.BAD_SIGNATURE: "Invalid signature",
    CallbackOutcome.OTHER: "Unknown error",
}


@never_cache
@require_GET
def vnpay_ipn(request: HttpRequest) -> JsonResponse:
    try:
        outcome = payment_callback_apply(provider=Provider.VNPAY, params=request.GET.dict())
    except Exception:  # the gateway gets 99 and retries; the cause is in the log
        log.exception("VNPAY IPN could not be applied")
        outcome = CallbackOutcome.OTHER
    return JsonResponse({"RspCode": outcome.value, "Message": MESSAGES[outcome]})


# A CONFIRM is a few hundred bytes; anything much larger is not one (bounded work before parsing).
CONFIRM_MAX_BYTES = 16 * 1024


@csrf_exempt  # server to server: the platform's signature (MaXacThuc) is what authenticates it
@never_cache
@require_POST
def paygov_confirm(request: HttpRequest) -> JsonResponse:
    """The national platform's CONFIRM (JSON POST); the reply `{MaLoi, MoTaLoi, MaDoiTac, ThoiGianGD, MaXacThuc}`
    signed with the partner's secret."""
    outcome = CallbackOutcome.OTHER
    try:
        body = json.loads(request.body) if len(request.body) <= CONFIRM_MAX_BYTES else None
    except ValueError:
        body = None
    if isinstance(body, dict):
        try:
            outcome = payment_callback_apply(provider=Provider.PAYGOV, params=body)
        except Exception:  # the platform gets 99 and retries; the cause is in the log
            log.exception("PayGov CONFIRM could not be applied")
    return JsonResponse(provider_for(Provider.PAYGOV).reply(code=outcome.value, description=MESSAGES[outcome],
                                                            now=timezone.now()))  # fmt: skip
