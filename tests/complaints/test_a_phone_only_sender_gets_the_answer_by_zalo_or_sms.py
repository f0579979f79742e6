"""A sender who gave a phone and no e-mail gets the answer (or the refusal) on the phone, through notify's one
delivery model: by Zalo ZNS with the letter's typed parameters, by SMS when Zalo refuses with a hard error — the
event's own templates (notify.letters), once per event and channel however often the letter is queued."""

import pytest
import time_machine

from lienthong.complaints.emails import complaint_email_queue
from lienthong.complaints.services import Sender, complaint_accept, complaint_answer, complaint_refuse
from lienthong.notify.constants import MessageChannel, MessageStatus
from lienthong.notify.models import Message
from tests.complaints.conftest import TUESDAY_MORNING
from tests.notify.conftest import providers  # noqa: F401

# ruff: noqa: F811
pytestmark = pytest.mark.django_db(transaction=True)
PHONE = "84911000111"
BINH = Sender(name="Phạm Văn Bình", phone="0911 000 111")


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_the_answer_goes_by_zalo_with_the_letters_parameters(submit, officers, providers, tasks_at_once):
    complaint = submit(sender=BINH)
    leader = officers["leader@committee"]
    complaint_accept(complaint=complaint, officer=leader)

    complaint_answer(complaint=complaint, officer=leader, answer="Đã trả kết quả hồ sơ ngày 12/3/2026.")

    (sent,) = providers.zns.sends
    assert (sent["phone"], sent["template_id"]) == (PHONE, "lienthong-complaint_answered")
    assert sent["template_data"] == {
        "sender": "Phạm Văn Bình", "code": complaint.code, "agency": complaint.agency.name,
        "link": "http://127.0.0.1:8000/phan-anh-kien-nghi/tra-cuu/",
    }  # fmt: skip
    message = Message.objects.get()
    assert (message.kind, message.channel, message.recipient) == ("complaint_answered", MessageChannel.ZNS, PHONE)
    assert message.template.version == 1 and message.event_uuid == complaint.events.get(kind="answered").uuid
    assert providers.reports(repeat=2) == [200, 200]
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED and providers.sms.sends == []

    complaint_email_queue(complaint=complaint, event=complaint.events.get(kind="answered"))  # queued again
    assert Message.objects.count() == 1 and len(providers.zns.sends) == 1


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_a_sender_not_on_zalo_gets_the_refusal_by_sms(submit, officers, providers, tasks_at_once):
    providers.zns.program(PHONE, refuse=-118)
    complaint = submit(sender=BINH)

    complaint_refuse(complaint=complaint, officer=officers["receiver@committee"], reason="Không thuộc thẩm quyền.")

    (sms,) = providers.sms.sends
    assert sms["Phone"] == PHONE
    assert sms["Content"] == (
        f"Phan anh, kien nghi {complaint.code} khong duoc {_plain(complaint.agency.name)} tiep nhan. Xem ly do bang ma "
        f"{complaint.code} va 4 so cuoi so dien thoai: http://127.0.0.1:8000/phan-anh-kien-nghi/tra-cuu/"
    )
    zns, text = Message.objects.order_by("pk")
    assert (zns.channel, zns.status, zns.error_code) == (MessageChannel.ZNS, MessageStatus.PERMANENT_FAILURE, "-118")
    assert (text.channel, text.fallback_of, text.kind) == (MessageChannel.SMS, zns, "complaint_refused")


def _plain(text: str) -> str:
    from lienthong.notify.texts import without_diacritics

    return without_diacritics(text)
