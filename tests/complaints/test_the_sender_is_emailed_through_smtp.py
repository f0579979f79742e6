"""The answer and a refusal reach the sender's mailbox through a real SMTP server, after commit; without an email
address nothing is sent; a mail server that is down leaves the answer saved and the email to retry. The e-mail is
a message of notify's one delivery model (keyed by the complaint's event, its status recorded)."""

import datetime as dt

import pytest
from django.utils import timezone

from lienthong.complaints.services import Sender, complaint_accept, complaint_answer, complaint_refuse
from lienthong.notify.constants import MessageChannel, MessageStatus
from lienthong.notify.delivery import notify_due_run
from lienthong.notify.models import Message

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_answer_is_mailed_to_the_sender(submit, officers, smtp, tasks_at_once):
    complaint = submit(at=None)
    leader = officers["leader@committee"]
    complaint_accept(complaint=complaint, officer=leader)

    complaint_answer(complaint=complaint, officer=leader, answer="UBND phường đã trả kết quả ngày 12/3/2026.")

    [(recipients, message)] = smtp.received
    assert recipients == ["lan@example.vn"]
    assert message["Subject"].strip() == f"Trả lời phản ánh, kiến nghị {complaint.code}"
    body = message.get_content()
    assert "Kính gửi Trần Thị Lan" in body and "UBND phường đã trả kết quả ngày 12/3/2026." in body
    assert message["Auto-Submitted"] == "auto-generated"
    email = Message.objects.get()
    assert (email.channel, email.kind) == (MessageChannel.EMAIL, "complaint_answered")
    assert email.recipient == "lan@example.vn"
    assert (email.status, email.attempts) == (MessageStatus.DELIVERED, 1)
    assert email.event_uuid == complaint.events.get(kind="answered").uuid
    assert message["Message-ID"] == f"<{email.uuid}.lienthong@dongnai.gov.vn>"


def test_a_refusal_mails_the_reason(submit, officers, smtp, tasks_at_once):
    complaint = submit(at=None)

    complaint_refuse(complaint=complaint, officer=officers["receiver@committee"], reason="Không thuộc thẩm quyền.")

    [(_recipients, message)] = smtp.received
    assert "Không thuộc thẩm quyền." in message.get_content()


def test_without_an_address_nothing_is_sent(submit, officers, smtp, tasks_at_once):
    complaint = submit(at=None, sender=Sender(name="Ẩn danh", phone="0911000111"))
    complaint_accept(complaint=complaint, officer=officers["leader@committee"])

    complaint_answer(complaint=complaint, officer=officers["leader@committee"], answer="Đã xử lý.")

    assert smtp.received == [] and Message.objects.count() == 0


def test_a_server_that_is_down_keeps_the_answer_and_the_email_to_retry(submit, officers, smtp, tasks_at_once):
    complaint = submit(at=None)
    complaint_accept(complaint=complaint, officer=officers["leader@committee"])
    smtp.stop()

    complaint_answer(complaint=complaint, officer=officers["leader@committee"], answer="Đã xử lý.")

    email = Message.objects.get()
    assert email.status == MessageStatus.CREATED and email.attempts == 1  # refused for now: waits for its retry
    assert "ConnectionRefusedError" in email.changes.last().detail
    complaint.refresh_from_db()
    assert complaint.answer == "Đã xử lý."

    # when the server is back, notify's periodic run sends it once its backoff has passed
    smtp.start()
    Message.objects.filter(pk=email.pk).update(send_after=timezone.now() - dt.timedelta(seconds=1))
    notify_due_run()
    notify_due_run()  # a second run sends nothing more
    email.refresh_from_db()
    assert (email.status, email.attempts) == (MessageStatus.DELIVERED, 2)
    [(recipients, message)] = smtp.received
    assert recipients == ["lan@example.vn"] and "Đã xử lý." in message.get_content()
