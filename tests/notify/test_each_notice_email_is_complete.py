import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lienthong.dossiers.constants import Channel
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services import dossier_submit_online
from lienthong.notify.constants import NOTIFIED_KINDS, MessageStatus
from lienthong.notify.models import Message, MessageTemplate
from lienthong.notify.services import email_on_event

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


# What each kind of event carries, as the lifecycle services record it (dossiers/services/*.py).
PAYLOADS = {
    "submitted": ({"channel": "own_portal"}, ["Ông/Bà đã nộp hồ sơ trực tuyến thành công.", "Nơi nộp: TTPVHCC "
                                              "phường Trấn Biên", "Nộp lúc: 09:00 thứ Hai 02/03/2026"]),
    "received": ({}, ["Ngày hẹn trả kết quả: 09:00 thứ Năm 05/03/2026"]),
    "supplement_requested": (
        {"missing": ["Giấy tờ về quyền sử dụng đất", "Văn bản ủy quyền"], "note": "Bản sao có chứng thực"},
        ["- Giấy tờ về quyền sử dụng đất\n- Văn bản ủy quyền\n", "Ghi chú của cán bộ: Bản sao có chứng thực",
         "không tính vào thời hạn giải quyết"],
    ),
    "supplement_received": ({"new_due_at": "2026-03-09T02:00:00Z"}, ["Ngày hẹn trả kết quả: 09:00 thứ Hai 09/03/2026"]),
    "refused": ({"reason": "Thửa đất đang có tranh chấp", "at_receipt": False},
                ["không được giải quyết.", "Lý do: Thửa đất đang có tranh chấp"]),
    "financial_obligation_set": (
        {"items": [{"name": "Lệ phí trước bạ", "amount": 1250000}, {"name": "Phí thẩm định", "amount": 500000}],
         "total": 1750000, "note": ""},
        ["- Lệ phí trước bạ: 1.250.000 đồng\n- Phí thẩm định: 500.000 đồng\n", "Tổng cộng: 1.750.000 đồng"],
    ),
    "financial_obligation_met": (
        {"old_due_at": "2026-03-05T02:00:00Z", "new_due_at": "2026-03-12T02:00:00Z"},
        ["Ngày hẹn trả kết quả: 09:00 thứ Năm 12/03/2026"],
    ),
    "fee_paid": (
        {"reference": "LT-1", "provider": "vnpay", "amount": 600000, "paid_at": "2026-03-04T09:05:00Z",
         "receipt_moved": {"received_at": "2026-03-04T09:05:00Z", "due_at": "2026-03-09T02:00:00Z"},
         "due_at": "2026-03-09T02:00:00Z"},
        ["đã nhận 600.000 đồng phí, lệ phí", "hồ sơ được tính là tiếp nhận từ lúc Ông/Bà nộp phí",
         "Ngày hẹn trả kết quả: 09:00 thứ Hai 09/03/2026"],
    ),
    "result_ready": ({"due_at": "2026-03-05T02:00:00Z"}, ["Hình thức nhận kết quả: Nhận tại Bộ phận Một cửa"]),
    "returned": ({"delivery": "by_post"}, ["Kết quả đã được gửi qua dịch vụ bưu chính công ích đến địa chỉ "
                                           "Phường Trấn Biên, Đồng Nai."]),
    "withdrawn": ({"reason": "Không có nhu cầu", "received": True}, ["Lý do: Không có nhu cầu"]),
    "stopped": ({"reason": "Chủ hồ sơ qua đời", "legal_basis": "Điều 18 Nghị định 61/2018/NĐ-CP"},
                ["Lý do: Chủ hồ sơ qua đời\nCăn cứ: Điều 18 Nghị định 61/2018/NĐ-CP"]),
    "apology_issued": (
        {"reason": "Cần xác minh thực địa", "old_due_at": "2026-03-05T02:00:00Z",
         "new_due_at": "2026-03-10T10:00:00Z", "apology_count": 1},
        ["Lý do: Cần xác minh thực địa", "Ngày hẹn trả kết quả mới: 17:00 thứ Ba 10/03/2026 (thay cho ngày hẹn "
         "09:00 thứ Năm 05/03/2026)"],
    ),
}  # fmt: skip


def test_every_notified_kind_has_a_seeded_template():
    # carried over from the older EmailTemplate by migration notify 0011
    seeded = MessageTemplate.objects.filter(channel="email", language="vi", is_active=True, kind__in=NOTIFIED_KINDS)
    assert sorted(seeded.values_list("kind", flat=True)) == sorted(NOTIFIED_KINDS)
    assert sorted(PAYLOADS) == sorted(NOTIFIED_KINDS)


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_each_seeded_template_mails_a_complete_vietnamese_message(smtp, receive, kind):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False):
        dossier = receive()
    if kind == "submitted":  # only a submission on this province's portal is confirmed here (notify.constants)
        Dossier.objects.filter(pk=dossier.pk).update(channel=Channel.OWN_PORTAL)
    smtp.received.clear()
    payload, expected = PAYLOADS[kind]

    event_id = uuid.uuid4()
    email_on_event({"id": str(event_id), "kind": kind, "dossier_id": dossier.pk, "payload": payload})

    ((recipients, message),) = smtp.received
    body = message.get_content()
    assert recipients == ["hoa@example.vn"]
    assert dossier.code in message["Subject"]
    assert body.startswith("Kính gửi Ông/Bà Nguyễn Thị Hoa,\n\n")
    assert "Trân trọng,\nTTPVHCC phường Trấn Biên" in body
    assert [text for text in expected if text not in body] == []
    assert "{{" not in body and "{%" not in body and "\n\n\n" not in body and "None" not in body
    assert Message.objects.get(event_uuid=event_id).status == MessageStatus.DELIVERED


def test_before_receipt_the_email_names_the_code_given_at_submission(smtp, province, procedure, applicant,
                                                                     form_data):  # fmt: skip
    # given an online submission, which has its code from submission on but no appointment yet
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False):
        dossier = dossier_submit_online(
            agency=province["commune_centre"], version=procedure, channel=Channel.OWN_PORTAL, applicant=applicant,
            form_data=form_data,
        )  # fmt: skip

    # when the desk asks for a supplement before receiving it
    email_on_event({"id": str(uuid.uuid4()), "kind": "supplement_requested", "dossier_id": dossier.pk,
                    "payload": {"missing": ["Đơn đăng ký"], "note": ""}})  # fmt: skip

    ((_, message),) = smtp.received
    assert message["Subject"].strip() == (f"Hồ sơ {dossier.code}: đề nghị bổ sung, hoàn thiện hồ sơ")
    assert dossier.code.endswith("-260302-0001")
    body = message.get_content()
    assert "- Đơn đăng ký\n" in body and "Hồ sơ sẽ được tiếp nhận khi" in body and "None" not in body
