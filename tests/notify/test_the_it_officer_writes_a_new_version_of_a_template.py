"""The IT officer rewords a message from /backoffice/messages/templates/ (issue 15): the words are checked as when a
template is saved, become a new version that the next message uses, and the older versions stay and are shown.
Nobody else may open the page."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from lienthong.notify.models import Message, MessageTemplate
from tests.backoffice.web_given import signed_in

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
RECEIPT = "Chào {{ applicant }}, hẹn trả: {{ due }}.{% for fee in fees %} {{ fee }}{% endfor %}"


def _receipt_email() -> MessageTemplate:
    return MessageTemplate.objects.get(kind="received", channel="email", language="vi", is_active=True)


def test_a_new_version_words_the_next_email_and_the_old_one_is_kept(smtp, receive, officers):
    first = _receipt_email()
    client = signed_in(officers, "it_officer@centre")
    url = reverse("backoffice:message_template_edit", args=[first.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"subject": "[Đồng Nai] Đã nhận hồ sơ {{ code }}", "body": RECEIPT})

    second = _receipt_email()
    assert response.status_code == 302 and response["Location"] == reverse(
        "backoffice:message_template_edit", args=[second.pk]
    )
    assert second.version == first.version + 1 and second.created_by
    first.refresh_from_db()
    assert not first.is_active and first.body != RECEIPT  # kept as it was, for the messages rendered from it
    page = client.get(response["Location"]).content.decode()
    assert "phiên bản cũ" in page and "đang dùng" in page and second.created_by in page

    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False):
        dossier = receive()
    ((_, message),) = smtp.received
    assert message["Subject"].strip() == f"[Đồng Nai] Đã nhận hồ sơ {dossier.code}"
    assert message.get_content().startswith("Chào Nguyễn Thị Hoa, hẹn trả: 09:00 thứ Năm 05/03/2026.")
    assert Message.objects.get(dossier=dossier, channel="email").template == second


@pytest.mark.parametrize(
    ("channel", "data", "error"),
    [
        ("email", {"subject": "Hồ sơ {{ code }}", "body": "Hồ sơ {% if code %}{{ code }}"}, "Mẫu sai cú pháp"),
        ("email", {"subject": "Hồ sơ {{ code }}", "body": "Hẹn trả: {{ due }}"}, "Mẫu thiếu biến bắt buộc: fees."),
        ("email", {"subject": "", "body": RECEIPT}, "Thư điện tử cần tiêu đề."),
        ("sms", {"body": "Hồ sơ {{ ma_so }}: {{ due }} {{ fees }}"}, "Biến không có trong sự kiện này: ma_so."),
        ("sms", {"body": "Hẹn trả {{ due }} {{ fees }} " + "rất dài " * 80}, "dài quá"),
        ("zns", {"body": "{{ due }} {{ fees }}", "params": '{"due": "date", "fees": "text"}',
                 "zns_template_id": "z"}, "Mẫu thiếu biến bắt buộc: track_url."),
        ("zns", {"body": "x", "params": '{"due": "ngay"}', "zns_template_id": "z"}, "Tham số là"),
        ("zns", {"body": "x", "params": "{khong phai json", "zns_template_id": "z"}, "JSON"),
    ],
)  # fmt: skip
def test_words_the_event_cannot_fill_or_the_channel_cannot_carry_are_refused(officers, channel, data, error):
    active = MessageTemplate.objects.get(kind="received", channel=channel, language="vi", is_active=True)
    client = signed_in(officers, "it_officer@centre")

    response = client.post(reverse("backoffice:message_template_edit", args=[active.pk]), data)

    assert response.status_code == 400
    assert error in response.content.decode()
    assert MessageTemplate.objects.get(kind="received", channel=channel, language="vi", is_active=True) == active
    assert MessageTemplate.objects.filter(kind="received", channel=channel, language="vi").count() == active.version


@pytest.mark.parametrize("who", ["receiver@commune_centre", "monitor@centre", "leader@committee"])
def test_only_the_it_officer_opens_or_saves_it(officers, who):
    active = _receipt_email()
    url = reverse("backoffice:message_template_edit", args=[active.pk])
    client = signed_in(officers, who)

    assert client.get(url).status_code == 403
    assert client.post(url, {"subject": "x {{ code }}", "body": RECEIPT}).status_code == 403
    assert _receipt_email() == active


def test_an_unknown_template_is_not_found(officers):
    client = signed_in(officers, "it_officer@centre")
    assert client.get(reverse("backoffice:message_template_edit", args=[987654])).status_code == 404
