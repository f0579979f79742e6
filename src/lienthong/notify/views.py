"""The providers' delivery reports (callbacks), what citizens write to the Zalo OA (the same webhook, handed to
notify.oa) and the citizen's opt-out page (reached from the tracking page a message links to). No rules here:
delivery.message_receipt, oa.oa_text_received and services.opt_out_set decide."""

import hmac
import json

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from lienthong.core.http import private_response
from lienthong.notify.constants import SMS_REPORT_DELIVERED, SMS_REPORT_FAILED, MessageChannel
from lienthong.notify.delivery import message_receipt
from lienthong.notify.links import opt_out_code
from lienthong.notify.oa import oa_text_received
from lienthong.notify.optout import opt_out_contacts, opt_out_set
from lienthong.notify.simulator.providers import zns_signature

INVALID_LINK = _("Liên kết không hợp lệ hoặc đã hết hạn. Vui lòng mở lại liên kết trong tin nhắn mới nhất.")


def _problem(status: int, title: str) -> JsonResponse:
    return JsonResponse({"type": "about:blank", "title": title, "status": status}, status=status,
                        content_type="application/problem+json")  # fmt: skip


@csrf_exempt
@require_POST
def callback(request: HttpRequest, channel: str) -> HttpResponse:
    """A delivery report: 200 once understood (also when it repeats or names no message of ours, so the provider
    stops retrying), 403 when it is not the provider's, 400 when it cannot be read."""
    try:
        body = json.loads(request.body or b"null")
    except ValueError:
        return _problem(400, "Body is not JSON")
    if not isinstance(body, dict):
        return _problem(400, "Body is not a JSON object")
    if channel == MessageChannel.SMS:
        token = request.GET.get("token", "")
        if not settings.LIENTHONG_NOTIFY_CALLBACK_TOKEN or not hmac.compare_digest(
            token.encode(), settings.LIENTHONG_NOTIFY_CALLBACK_TOKEN.encode()
        ):
            return _problem(403, "Wrong callback token")
        status = body.get("SendStatus")
        if status in (SMS_REPORT_DELIVERED, SMS_REPORT_FAILED, str(SMS_REPORT_DELIVERED), str(SMS_REPORT_FAILED)):
            reference = str(body.get("RequestId") or body.get("SMSID") or "")
            message_receipt(channel=channel, reference=reference, delivered=int(status) == SMS_REPORT_DELIVERED,
                            detail=f"SendStatus {status}")  # fmt: skip
        return JsonResponse({"ok": True})
    if channel == MessageChannel.ZNS:
        expected = zns_signature(settings.LIENTHONG_ZNS_APP_ID, request.body, str(body.get("timestamp", "")),
                                 settings.LIENTHONG_ZNS_OA_SECRET)  # fmt: skip
        given = request.headers.get("X-ZEvent-Signature", "")
        if not settings.LIENTHONG_ZNS_OA_SECRET or not hmac.compare_digest(given.encode(), expected.encode()):
            return _problem(403, "Wrong signature")
        if body.get("event_name") == "user_received_message":
            message = body.get("message") or {}
            reference = str(message.get("tracking_id") or message.get("msg_id") or "")
            message_receipt(channel=channel, reference=reference, delivered=True, detail="user_received_message")
        elif body.get("event_name") == "user_send_text":  # a citizen wrote to the OA: the look-up answers
            sender, message = body.get("sender"), body.get("message")
            if isinstance(sender, dict) and isinstance(message, dict) and isinstance(message.get("text"), str):
                oa_text_received(user_id=str(sender.get("id", ""))[:64], text=message["text"])
        return JsonResponse({"ok": True})
    return _problem(404, "Unknown channel")


class OptOutForm(forms.Form):
    channels = forms.MultipleChoiceField(
        label=_("Không nhận thông báo qua"), choices=MessageChannel.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    code = opt_out_code(token)
    contacts = opt_out_contacts(code=code) if code else None
    if contacts is None:
        return private_response(render(request, "notify/opt_out.html", {"message": INVALID_LINK}, status=404))
    form = OptOutForm(request.POST or None, initial={"channels": contacts.opted_out})
    form.fields["channels"].choices = [(c, label) for c, label in MessageChannel.choices if c in contacts.available]
    context = {"form": form, "code": code, "saved": False}
    if request.method == "POST":
        if not form.is_valid():
            return private_response(render(request, "notify/opt_out.html", context, status=400))
        opt_out_set(code=code, channels=form.cleaned_data["channels"])
        context["saved"] = True
    return private_response(render(request, "notify/opt_out.html", context))
