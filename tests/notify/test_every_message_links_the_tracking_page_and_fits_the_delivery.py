"""Issue 11 items 1, 4 and 8, the applicant's side: an online submission is confirmed by mail; every message links
the tracking page (absolute, the code filled in, never the digits that prove who asks); the result's messages say
how it comes — downloaded from where, sent by post to which address, collected at which desk, where and when — and
the messages name the procedure's fees as its public page words them."""

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lienthong.catalogue.models import Fee
from lienthong.dossiers.constants import Channel, ResultDelivery
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services import dossier_submit_online
from lienthong.notify.constants import NOTIFIED_KINDS
from lienthong.notify.models import MessageTemplate
from lienthong.notify.services import email_on_event
from tests.submission.conftest import citizen_make

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PUBLIC = "https://dichvucong.dongnai.gov.vn"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.LIENTHONG_PUBLIC_URL = PUBLIC + "/"


@pytest.fixture
def fees(procedure):
    Fee.objects.create(version=procedure, name="Lệ phí đăng ký", amount=100000, verified=True)
    Fee.objects.create(version=procedure, name="Phí thẩm định", amount=None, verified=False,
                       description="Mức thu do Hội đồng nhân dân tỉnh quy định.",
                       internal_note="Chưa đối chiếu.")  # fmt: skip


def _body(smtp) -> tuple[str, str]:
    ((_, message),) = smtp.received
    smtp.received.clear()
    return message["Subject"].strip(), message.get_content()


def test_an_online_submission_is_confirmed_with_its_code_fees_and_a_link_to_track_it(
    smtp, province, procedure, applicant, form_data, fees, django_capture_on_commit_callbacks
):
    account = citizen_make("Nguyễn Thị Hoa", "hoa@example.vn")
    monday = dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM)
    with time_machine.travel(monday, tick=False), django_capture_on_commit_callbacks(execute=True):
        dossier = dossier_submit_online(
            agency=province["commune_centre"], version=procedure, channel=Channel.OWN_PORTAL,
            applicant=applicant, form_data=form_data, citizen=account,
        )  # fmt: skip

    subject, body = _body(smtp)
    assert subject == f"Hồ sơ {dossier.code} đã được nộp trực tuyến"
    for line in [f"Mã số hồ sơ: {dossier.code}", "Thủ tục: Đăng ký đất đai lần đầu",
                 "Nơi nộp: TTPVHCC phường Trấn Biên", "Nộp lúc: 09:00 thứ Hai 02/03/2026",
                 "Hình thức nhận kết quả: Bản điện tử", "- Lệ phí đăng ký: 100.000 đồng\n",
                 "- Phí thẩm định — Mức thu do Hội đồng nhân dân tỉnh quy định. Số tiền phải nộp được thông báo khi "
                 "tiếp nhận hồ sơ.",
                 f"Tra cứu hồ sơ: {PUBLIC}/tra-cuu/?code={dossier.code}&t=",
                 f"Hồ sơ của tôi: {PUBLIC}/tai-khoan/ho-so/{dossier.code}/"]:  # fmt: skip
        assert line in body, line
    assert "Chưa đối chiếu" not in body
    # the link carries the code only: the last four digits of the phone or identity number are never in a link
    assert not re.search(r"digits=|5678|1234", " ".join(re.findall(r"https?://\S+", body)))


@pytest.mark.parametrize("kind", sorted(NOTIFIED_KINDS))
def test_every_message_links_the_tracking_page_with_the_code_filled_in(smtp, receive, kind):
    dossier = receive()
    Dossier.objects.filter(pk=dossier.pk).update(channel=Channel.OWN_PORTAL)  # submitted: confirmed here only
    smtp.received.clear()
    payload = {"reason": "Lý do", "missing": ["Đơn"], "items": [{"name": "Lệ phí", "amount": 1}], "total": 1}
    email_on_event({"id": str(uuid.uuid4()), "kind": kind, "dossier_id": dossier.pk, "payload": payload})
    _subject, body = _body(smtp)
    assert f"{PUBLIC}/tra-cuu/?code={dossier.code}&t=" in body
    assert "&amp;" not in body  # plain text: nothing HTML-escaped


def test_a_template_the_administrator_wrote_without_the_link_still_carries_it(smtp, receive):
    MessageTemplate.objects.filter(kind="received", channel="email").update(
        body="Chào {{ applicant }}, hẹn trả: {{ due }}.\n\nTrân trọng,\n{{ agency }}\n\n---\nThư tự động."
    )
    dossier = receive()
    _subject, body = _body(smtp)
    assert body.startswith("Chào Nguyễn Thị Hoa, hẹn trả: ")
    link = re.escape(f"{PUBLIC}/tra-cuu/?code={dossier.code}&t=") + r"\S+"  # signed (issue 15 item 4)
    assert re.search(f"TTPVHCC phường Trấn Biên\n\nTra cứu hồ sơ: {link}\n---\nThư tự động.", body)


@pytest.mark.parametrize(
    ("delivery", "ready", "returned"),
    [
        (ResultDelivery.ELECTRONIC,
         ["Kết quả là bản điện tử. Khi TTPVHCC phường Trấn Biên trả kết quả, chúng tôi báo Ông/Bà qua thư này; Ông/Bà "
          "tải kết quả về tại trang tra cứu hồ sơ: " + PUBLIC + "/tra-cuu/?code="],
         ["Kết quả bản điện tử đã sẵn sàng. Ông/Bà tải kết quả về tại trang tra cứu hồ sơ: " + PUBLIC
          + "/tra-cuu/?code="]),
        (ResultDelivery.BY_POST,
         ["Kết quả sẽ được gửi qua dịch vụ bưu chính công ích đến địa chỉ Phường Trấn Biên, Đồng Nai."],
         ["Kết quả đã được gửi qua dịch vụ bưu chính công ích đến địa chỉ Phường Trấn Biên, Đồng Nai."]),
        (ResultDelivery.AT_DESK,
         ["Ông/Bà nhận kết quả tại Bộ phận Một cửa: TTPVHCC phường Trấn Biên, 1 Đường Đồng Khởi, trong giờ làm việc "
          "(07:30–11:30 và 13:30–17:00, thứ Hai đến thứ Sáu), từ nay (ngày hẹn trả: 09:00 thứ Năm 05/03/2026).",
          "Điện thoại: 0251 3822 000"],
         ["Kết quả đã được trao tại Bộ phận Một cửa: TTPVHCC phường Trấn Biên."]),
    ],
)  # fmt: skip
def test_the_results_messages_say_how_the_result_comes(smtp, receive, province, delivery, ready, returned):
    centre = province["commune_centre"]
    centre.address, centre.phone = "1 Đường Đồng Khởi", "0251 3822 000"
    centre.save(update_fields=["address", "phone"])
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False):
        dossier = receive(result_delivery=delivery)
    smtp.received.clear()

    email_on_event({"id": str(uuid.uuid4()), "kind": "result_ready", "dossier_id": dossier.pk,
                    "payload": {"due_at": "2026-03-05T02:00:00Z"}})  # fmt: skip
    _subject, body = _body(smtp)
    assert [text for text in ready if text not in body] == []

    email_on_event({"id": str(uuid.uuid4()), "kind": "returned", "dossier_id": dossier.pk,
                    "payload": {"delivery": delivery}})  # fmt: skip
    _subject, body = _body(smtp)
    assert [text for text in returned if text not in body] == []
