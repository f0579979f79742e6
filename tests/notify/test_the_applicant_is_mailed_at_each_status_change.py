import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lienthong.core.events import subscription
from lienthong.dossiers.constants import Channel, EventKind
from lienthong.dossiers.models import DossierEvent, OutboxMessage
from lienthong.dossiers.services import dossier_submit_online
from lienthong.notify.constants import EMAIL_TOPIC, NOTICE_SUBJECT, NOTIFIED_KINDS, MessageStatus
from lienthong.notify.models import Message, MessageTemplate

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@time_machine.travel(dt.datetime(2026, 2, 13, 16, 0, tzinfo=HCM), tick=False)
def test_a_received_dossier_mails_its_code_and_appointment_to_the_applicant(smtp, receive):
    # when the desk receives a dossier on the Friday before Tết, after the cut-off
    dossier = receive()

    # then the SMTP server got one message, to the applicant, in Vietnamese, naming the code and the appointment
    (recipients, message), *others = smtp.received
    assert others == []
    assert recipients == ["hoa@example.vn"]
    subject = message["Subject"].strip()  # Python folds a long encoded subject onto the next line; RFC 5322 unfolds
    assert subject == f"Hồ sơ {dossier.code} đã được tiếp nhận"
    assert message["From"] == "Trung tâm Phục vụ hành chính công <motcua@dongnai.gov.vn>"
    body = message.get_content()
    assert body.startswith("Kính gửi Ông/Bà Nguyễn Thị Hoa,")
    assert f"Mã số hồ sơ: {dossier.code}" in body
    assert "Thủ tục: Đăng ký đất đai lần đầu" in body
    assert "Ngày hẹn trả kết quả: 17:00 thứ Tư 25/02/2026" in body
    assert "TTPVHCC phường Trấn Biên đã tiếp nhận hồ sơ" in body

    # and it is one message of the one delivery model, under the event's stable id, which the e-mail also carries,
    # rendered from the active version of the receipt's e-mail template
    event = DossierEvent.objects.get(dossier=dossier, kind=EventKind.RECEIVED)
    sent = Message.objects.get()
    assert (sent.event_uuid, sent.dossier, sent.kind) == (event.uuid, dossier, EventKind.RECEIVED)
    assert sent.channel == "email"
    assert (sent.recipient, sent.params[NOTICE_SUBJECT], sent.status, sent.attempts) == (
        "hoa@example.vn", subject, MessageStatus.DELIVERED, 1,
    )  # fmt: skip
    assert sent.template == MessageTemplate.objects.get(kind="received", channel="email", language="vi", is_active=True)
    assert sent.sent_at == dt.datetime(2026, 2, 13, 16, 0, tzinfo=HCM)
    assert message["Message-ID"] == f"<{event.uuid}.lienthong@dongnai.gov.vn>"
    assert OutboxMessage.objects.get(event=event, topic=EMAIL_TOPIC).delivered_at is not None


def test_notify_listens_to_the_changes_of_status_only(smtp, province, procedure, applicant, form_data,
                                                      django_capture_on_commit_callbacks):  # fmt: skip
    registered = subscription(EMAIL_TOPIC)
    assert registered is not None and registered.kinds == frozenset(NOTIFIED_KINDS)
    assert {EventKind.FORWARDED, EventKind.ASSIGNED}.isdisjoint(registered.kinds)
    assert EventKind.SUBMITTED in registered.kinds  # the confirmation of an online submission (issue 11 item 8)

    # a submission on the national portal is confirmed there: notify mails nobody and records why
    with django_capture_on_commit_callbacks(execute=True):
        dossier = dossier_submit_online(
            agency=province["commune_centre"], version=procedure, channel=Channel.NATIONAL_PORTAL,
            applicant=applicant, form_data=form_data,
        )  # fmt: skip
    assert OutboxMessage.objects.get(event__dossier=dossier, topic=EMAIL_TOPIC).delivered_at is not None
    assert smtp.received == []
    assert list(Message.objects.filter(dossier=dossier).values_list("channel", "status", "error_code")) == [
        ("email", "not-sent", "confirmed-elsewhere")
    ]
