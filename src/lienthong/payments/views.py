"""The provider's server-to-server callback (VNPAY IPN). Not a page: a JSON reply with the gateway's codes, never
an error page — the gateway retries on anything it does not understand."""

import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lienthong.payments.constants import CallbackOutcome, Provider
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
