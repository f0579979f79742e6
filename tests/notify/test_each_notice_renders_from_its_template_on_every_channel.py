"""Every applicant notice is a versioned template per event, channel and language (issue 15 item 1), checked like a
letter's: each seeded one passes its event's check, renders for a real dossier on every channel within the channel's
limits and with the signed tracking link; the receipt says the fee and the due date on every channel, and the
result says how it comes (item 4)."""

import datetime as dt
import uuid
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from lienthong.catalogue.models import Fee
from lienthong.dossiers.constants import ResultDelivery
from lienthong.notify import texts
from lienthong.notify.constants import NOTIFIED_KINDS, MessageChannel
from lienthong.notify.delivery import active_template, render
from lienthong.notify.letters import template_check
from lienthong.notify.links import track_token_code
from lienthong.notify.models import MessageTemplate
from lienthong.notify.services import email_render

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CHANNELS = [MessageChannel.EMAIL, MessageChannel.SMS, MessageChannel.ZNS]
PAYLOAD = {"reason": "Lý do", "missing": ["Đơn"], "items": [{"name": "Lệ phí", "amount": 1}], "total": 1,
           "at_receipt": True}  # fmt: skip


@pytest.fixture
def received(receive, procedure):
    Fee.objects.create(version=procedure, name="Lệ phí cấp Giấy chứng nhận", amount=25000, verified=True)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False):
        return receive()


def _rendered(template: MessageTemplate, dossier, kind: str, payload: dict) -> tuple[str, dict]:
    envelope = {"id": str(uuid.uuid4()), "kind": kind, "dossier_id": dossier.pk, "payload": payload}
    if template.channel == MessageChannel.EMAIL:
        subject, body = email_render(template=template, dossier=dossier, envelope=envelope)
        return f"{subject}\n{body}", {}
    return render(template=template, dossier=dossier, envelope=envelope)


def _signed_links(text: str, code: str) -> list[str]:
    """The tracking links in `text` signed for this dossier's code (they open without typing it)."""
    links = [urlsplit(word) for word in text.split() if "/tra-cuu/?" in word]
    return [link for link in links if track_token_code(parse_qs(link.query).get("t", [""])[0]) == code]


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("kind", sorted(NOTIFIED_KINDS))
def test_each_notice_renders_from_its_template_within_the_channels_limits(received, settings, kind, channel):
    template = active_template(kind, channel)
    assert template is not None and template.language == "vi"
    template_check(kind=kind, channel=channel, body=template.body, subject=template.subject, params=template.params)

    text, params = _rendered(template, received, kind, PAYLOAD)

    assert "{{" not in text and "{%" not in text and "None" not in text
    if channel == MessageChannel.SMS:
        assert texts.sms_length(text)[2] <= settings.LIENTHONG_SMS_MAX_SEGMENTS
        assert _signed_links(text, received.code)
    elif channel == MessageChannel.ZNS:
        assert len(template.body) <= texts.ZNS_TEMPLATE_MAX
        assert all(len(value) <= texts.ZNS_PARAM_LIMITS[template.params[name]] for name, value in params.items())
        assert _signed_links(params["track_url"], received.code)
    else:
        assert _signed_links(text, received.code)


@pytest.mark.parametrize("channel", CHANNELS)
def test_the_receipt_says_the_fee_and_the_due_date_on_every_channel(received, channel):
    text, params = _rendered(active_template("received", channel), received, "received", {})

    said = texts.without_diacritics(f"{text} {' '.join(params.values())}")
    assert "25.000" in said and "thu Nam 05/03/2026" in said


@pytest.mark.parametrize(
    ("delivery", "says"),
    [(ResultDelivery.ELECTRONIC, "ve tai trang tra cuu"), (ResultDelivery.BY_POST, "buu chinh"),
     (ResultDelivery.AT_DESK, "nhan ket qua tai|nhan tai TTPVHCC phuong Tran Bien")],
)  # fmt: skip
@pytest.mark.parametrize("channel", CHANNELS)
def test_the_result_message_fits_the_delivery_chosen_on_every_channel(received, channel, delivery, says):
    text, params = _rendered(active_template("result_ready", channel), received, "result_ready",
                             {"delivery": delivery})  # fmt: skip

    said = texts.without_diacritics(f"{text} {' '.join(params.values())}").replace("\n", " ")
    assert any(words in said for words in says.split("|"))


def test_a_notice_template_is_checked_against_its_event_when_saved():
    zns = MessageTemplate(kind="received", channel="zns", body="Hồ sơ {{ code }}: {{ due }}. {{ track_url }}",
                          params={"code": "code", "due": "date", "track_url": "url"}, zns_template_id="x")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        zns.clean()
    assert "Mẫu thiếu biến bắt buộc: fees." in str(refused.value)
    sms = MessageTemplate(kind="stopped", channel="sms", body="Hồ sơ {{ ma_ho_so }} đã dừng.")
    with pytest.raises(ValidationError) as refused:
        sms.clean()
    assert "Biến không có trong sự kiện này: ma_ho_so." in str(refused.value)
