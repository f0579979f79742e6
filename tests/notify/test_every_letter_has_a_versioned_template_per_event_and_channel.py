"""Every letter other apps send — complaints' replies, the board's and roadmaps' escalations — has its versioned
template per event, channel and language with typed placeholders (notify.letters): a template that uses a name its
event lacks, or leaves out one its channel needs, is refused when it is loaded (saved in the admin; the seeded ones
are checked here), never at send; the caller passes data, checked against the same types; notify renders it within
each channel's limits."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lienthong.notify.admin import MessageTemplateForm
from lienthong.notify.constants import LETTER_SUBJECT, MessageChannel
from lienthong.notify.letter_seed import TEMPLATES
from lienthong.notify.letters import (
    LETTER_EVENTS,
    LetterDataError,
    letter_queue,
    letter_render,
    letter_template,
    letter_values,
    template_check,
)
from lienthong.notify.models import Message, MessageTemplate
from tests.backoffice.web_given import signed_in

pytestmark = pytest.mark.django_db
HCM = dt.timezone(dt.timedelta(hours=7))
ANSWER = {
    "code": "PAKN-2026-000042", "sender": "Trần Thị Lan", "title": "Đèn đường hỏng", "agency": "UBND phường Trấn Biên",
    "link": "https://dichvucong.dongnai.gov.vn/phan-anh/tra-cuu/", "answer": "Đã thay bóng đèn ngày 12/3/2026.",
    "answered_at": dt.datetime(2026, 3, 12, 9, 30, tzinfo=HCM),
}  # fmt: skip


def test_every_seeded_letter_template_fits_its_event_and_channel():
    have = {(kind, channel, language) for kind, channel, language, *_ in TEMPLATES}
    for kind, event in LETTER_EVENTS.items():
        assert {(kind, MessageChannel.EMAIL, "vi"), (kind, MessageChannel.EMAIL, "en")} <= have
        for channel in event.channels:
            assert (kind, channel, "vi") in have
    for kind, channel, language, subject, body, params, zns_id in TEMPLATES:
        template = MessageTemplate(kind=kind, channel=channel, language=language, version=1, subject=subject,
                                   body=body, params=params, zns_template_id=zns_id)  # fmt: skip
        template.full_clean(validate_unique=False, validate_constraints=False)  # the admin's check on save
    assert len(TEMPLATES) == 14


def test_a_database_without_the_seed_gets_version_1_once_and_a_switched_off_channel_stays_off():
    MessageTemplate.objects.filter(kind="complaint_refused").delete()
    assert letter_template("complaint_refused", "sms").version == 1
    assert MessageTemplate.objects.filter(kind="complaint_refused", channel="sms").count() == 2  # vi and en
    assert letter_template("complaint_refused", "zns").zns_template_id == "lienthong-complaint_refused"
    MessageTemplate.objects.filter(kind="complaint_refused", channel="zns").update(is_active=False)
    assert letter_template("complaint_refused", "zns") is None


def test_the_complaint_answer_renders_on_each_channel():
    values = letter_values("complaint_answered", ANSWER)
    subject, body, _ = letter_render(letter_template("complaint_answered", "email"), values)
    assert subject == "Trả lời phản ánh, kiến nghị PAKN-2026-000042"
    assert body == (
        "Kính gửi Trần Thị Lan,\n\n"
        'UBND phường Trấn Biên trả lời phản ánh, kiến nghị PAKN-2026-000042 "Đèn đường hỏng" của Ông/Bà như sau:\n\n'
        "Đã thay bóng đèn ngày 12/3/2026.\n\n"
        "Ông/Bà tra cứu lại bằng mã PAKN-2026-000042 và 4 số cuối số điện thoại tại trang Phản ánh kiến nghị:\n"
        "https://dichvucong.dongnai.gov.vn/phan-anh/tra-cuu/\n"
    )
    _, sms, _ = letter_render(letter_template("complaint_answered", "sms"), values)
    assert sms == (
        "UBND phuong Tran Bien da tra loi phan anh, kien nghi PAKN-2026-000042 cua Ong/Ba. Xem tra loi bang ma "
        "PAKN-2026-000042 va 4 so cuoi so dien thoai: https://dichvucong.dongnai.gov.vn/phan-anh/tra-cuu/"
    )  # GSM-7 without diacritics, the link whole at the end
    _, text, params = letter_render(letter_template("complaint_answered", "zns"), values)
    assert params == {"sender": "Trần Thị Lan", "code": "PAKN-2026-000042", "agency": "UBND phường Trấn Biên",
                      "link": "https://dichvucong.dongnai.gov.vn/phan-anh/tra-cuu/"}  # fmt: skip
    assert text.startswith("Kính gửi Trần Thị Lan, UBND phường Trấn Biên đã trả lời")


def test_each_channel_keeps_its_limits(settings):
    long_agency = "Ủy ban nhân dân " + "phường rất dài " * 40
    values = letter_values("complaint_answered", {**ANSWER, "agency": long_agency, "sender": "Tôn Nữ " * 10})
    _, _, params = letter_render(letter_template("complaint_answered", "zns"), values)
    assert len(params["agency"]) == 90 and params["agency"].endswith("…")  # a ZNS "text" parameter
    assert len(params["sender"]) == 30  # a ZNS "name"
    settings.LIENTHONG_SMS_MAX_SEGMENTS = 2
    _, sms, _ = letter_render(letter_template("complaint_answered", "sms"), values)
    assert len(sms) <= 2 * 153 and sms.endswith(" https://dichvucong.dongnai.gov.vn/phan-anh/tra-cuu/")


def test_the_board_letter_lists_each_system_and_speaks_english_on_an_english_site(settings):
    data = {"agency": "Sở Tư pháp", "head_title": "Giám đốc", "head_name": "Lê Văn Bình", "systems": [
        {"name": "Một cửa Sở", "last_heartbeat": dt.datetime(2026, 3, 1, 8, 5, tzinfo=HCM), "hours": 26},
        {"name": "CSDL hộ tịch", "last_heartbeat": None, "hours": 30},
    ]}  # fmt: skip
    values = letter_values("board_escalation", data)
    subject, body, _ = letter_render(letter_template("board_escalation", "email"), values)
    assert subject == "[Liên Thông] Mất kết nối: 2 hệ thống — Sở Tư pháp"
    assert body.startswith("Kính gửi Giám đốc Lê Văn Bình,\n")
    assert 'Hệ thống "Một cửa Sở" của Sở Tư pháp không kết nối' in body
    assert "Tín hiệu hoạt động gần nhất: 01/03/2026 08:05 (đã 26 giờ)." in body
    assert "Hệ thống chưa từng gửi tín hiệu hoạt động." in body

    settings.LANGUAGE_CODE = "en"
    subject, body, _ = letter_render(letter_template("board_escalation", "email"), values)
    assert subject == "[Liên Thông] Disconnected: 2 systems — Sở Tư pháp"
    assert "Last heartbeat: 01/03/2026 08:05 (26 hours ago)." in body and "never sent a heartbeat" in body


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (
            {"body": "Kính gửi {{ sender }}, {{ code }}: {{ answer }} {{ sender_phone }}"},
            "body",
            "Biến không có trong sự kiện này: sender_phone",
        ),
        (
            {"subject": "Trả lời phản ánh", "body": "Kính gửi {{ sender }}: {{ answer }}"},
            "body",
            "Mẫu thiếu biến bắt buộc: code",
        ),
        ({"subject": ""}, "subject", "Thư điện tử cần tiêu đề"),
        ({"body": "{{ code }} {{ answer }} {% if %}"}, "body", "Mẫu sai cú pháp"),
    ],
)
def test_an_email_template_missing_or_adding_a_placeholder_is_refused_when_saved(change, field, words):
    current = letter_template("complaint_answered", "email")
    data = {
        "kind": "complaint_answered", "channel": "email", "language": "vi", "version": 2, "is_active": False,
        "subject": current.subject, "body": current.body, "params": "{}", "zns_template_id": "",
    } | change  # fmt: skip
    form = MessageTemplateForm(data=data)
    assert not form.is_valid()
    assert words in " ".join(form.errors[field])


def test_a_row_field_the_event_lacks_and_zns_params_are_checked_too():
    with pytest.raises(ValidationError, match=r"systems\.owner|system\.owner"):
        template_check(kind="board_escalation", channel="email", subject="{{ agency }}",
                       body="{{ agency }} {% for system in systems %}{{ system.owner }}{% endfor %}")  # fmt: skip
    with pytest.raises(ValidationError, match="Tham số không có trong sự kiện này: phone"):
        template_check(kind="complaint_refused", channel="zns", body="{{ code }} {{ link }}",
                       params={"code": "code", "link": "url", "phone": "phone"})  # fmt: skip
    with pytest.raises(ValidationError, match="Mẫu thiếu biến bắt buộc: link"):
        template_check(kind="complaint_refused", channel="zns", body="{{ code }}", params={"code": "code"})
    with pytest.raises(ValidationError, match="không gửi qua kênh"):
        template_check(kind="board_escalation", channel="sms", body="{{ agency }}")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({k: v for k, v in ANSWER.items() if k != "answer"}, "missing \\['answer'\\]"),
        ({**ANSWER, "phone": "0911"}, "not a placeholder \\['phone'\\]"),
        ({**ANSWER, "answered_at": "hôm qua"}, "answered_at: a datetime"),
        ({**ANSWER, "link": "/phan-anh/"}, "link: an absolute http"),
    ],
)
def test_data_a_letter_does_not_describe_is_refused_before_anything_is_written(data, words):
    with pytest.raises(LetterDataError, match=words):
        letter_queue(key=uuid.uuid4(), kind="complaint_answered", data=data, emails=["lan@example.vn"])
    assert Message.objects.count() == 0


def test_a_new_version_replaces_the_words_and_the_old_messages_keep_theirs():
    refusal = {k: v for k, v in ANSWER.items() if k not in ("answer", "answered_at")} | {"reason": "Trùng."}
    first = letter_queue(key=uuid.uuid4(), kind="complaint_refused", emails=["lan@example.vn"], data=refusal)
    v1 = letter_template("complaint_refused", "email")
    v1.is_active = False
    v1.save()
    v2 = MessageTemplate(
        kind="complaint_refused", channel="email", language="vi", version=2,
        subject="Phản ánh {{ code }} không được tiếp nhận", body="{{ sender }}: {{ code }} — {{ reason }}",
    )  # fmt: skip
    v2.full_clean()
    v2.save()

    [second] = letter_queue(key=uuid.uuid4(), kind="complaint_refused", emails=["lan@example.vn"], data=refusal)

    assert (second.template, second.body) == (v2, "Trần Thị Lan: PAKN-2026-000042 — Trùng.\n")
    assert second.params[LETTER_SUBJECT] == "Phản ánh PAKN-2026-000042 không được tiếp nhận"
    first[0].refresh_from_db()
    assert first[0].template == v1 and "vì lý do sau" in first[0].body


def test_the_it_officer_reads_every_template_and_its_versions(officers):
    letter_template("complaint_answered", "email")  # seeded (a flushed database gets version 1 here)
    old = letter_template("board_escalation", "email")
    old.is_active = False
    old.save()
    MessageTemplate.objects.create(kind="board_escalation", channel="email", language="vi", version=2,
                                   subject="{{ agency }}", body="{{ agency }} {{ systems|length }}")  # fmt: skip
    client = signed_in(officers, "it_officer@centre")

    page = client.get(reverse("backoffice:message_templates"))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Mẫu tin nhắn theo sự kiện và kênh" in text and "Trả lời phản ánh, kiến nghị" in text
    board = [(r.language, r.version, r.active) for r in page.context["rows"] if r.kind == "board_escalation"]
    assert ("vi", 2, True) in board and ("vi", 1, False) in board
    assert "Kính gửi Nguyễn Văn A," in text  # an active letter filled with sample values
    assert "systems* (rows)" in text  # the event's placeholders, the required ones starred
    assert (
        signed_in(officers, "receiver@commune_centre").get(reverse("backoffice:message_templates")).status_code == 403
    )
