"""Issue 11 item 8: a supplement request gets one instruction, by how the dossier came — sent online for what was
submitted here, on paper at the desk for what was received there — and once the applicant has sent it, the request
and its button give way to "đã gửi bổ sung lúc …" on the tracking page, in "Hồ sơ của tôi" and on the supplement
page; a second sending is refused and writes nothing."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lienthong.dossiers.constants import Channel, EventKind
from lienthong.dossiers.models import Attachment, DossierEvent
from lienthong.dossiers.services import (
    DossierError,
    dossier_receive,
    dossier_request_supplement,
    dossier_supplement_send,
)
from lienthong.dossiers.services.files import StoredFile
from tests.portal.find_given import text_of

from .conftest import PDF
from .given import upload

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
SENT = dt.datetime(2026, 3, 3, 10, 15, tzinfo=HCM)
ITEM = "Bản sao giấy chứng nhận có chứng thực"


def _track(client, dossier) -> str:
    return text_of(client.get("/tra-cuu/", {"code": dossier.code, "digits": "5678"}))


def test_an_online_dossier_is_told_to_send_online_and_nothing_about_the_desk(client, phone, supplement_asked):
    for page in (client.get("/tra-cuu/", {"code": supplement_asked.code, "digits": "5678"}),
                 phone.get(f"/tai-khoan/ho-so/{supplement_asked.code}/")):  # fmt: skip
        html, words = page.content.decode(), text_of(page)
        assert html.count(f'href="/nop-ho-so/bo-sung/{supplement_asked.code}/"') == 1
        assert "Vui lòng gửi bổ sung trực tuyến những nội dung nêu dưới đây." in words
        assert "Nộp tại" not in words and ITEM in words
    # signing in is asked of a visitor of the tracking page, not of a citizen already signed in to her account
    sign_in = "Đăng nhập bằng tài khoản đã nộp hồ sơ để gửi."
    assert sign_in in _track(client, supplement_asked)
    assert sign_in not in text_of(phone.get(f"/tai-khoan/ho-so/{supplement_asked.code}/"))


def test_once_sent_the_request_and_its_button_give_way_to_when_it_was_sent(client, phone, supplement_asked):
    with time_machine.travel(SENT, tick=False):
        sent = phone.post(f"/nop-ho-so/bo-sung/{supplement_asked.code}/", {"item_0": upload("mat-truoc.pdf", PDF)})
    assert sent.status_code == 302

    for page in (client.get("/tra-cuu/", {"code": supplement_asked.code, "digits": "5678"}),
                 phone.get(f"/tai-khoan/ho-so/{supplement_asked.code}/"),
                 phone.get(f"/nop-ho-so/bo-sung/{supplement_asked.code}/")):  # fmt: skip
        html, words = page.content.decode(), text_of(page)
        assert re.search(r"Bạn đã gửi hồ sơ bổ sung lúc 10:15 (thứ Ba )?03/03/2026\.", words), words
        assert 'href="/nop-ho-so/bo-sung/' not in html.split("<main", 1)[1].split("crumbs", 1)[0]
        assert 'type="file"' not in html and "Vui lòng gửi bổ sung" not in words

    # a second sending (an old tab) is refused and nothing of it is kept
    again = phone.post(f"/nop-ho-so/bo-sung/{supplement_asked.code}/", {"item_0": upload("lan-hai.pdf", PDF)})
    assert again.status_code == 200 and "Bạn đã gửi hồ sơ bổ sung lúc" in again.content.decode()
    assert list(Attachment.objects.filter(dossier=supplement_asked).values_list("original_name", flat=True)) == [
        "mat-truoc.pdf"
    ]
    assert DossierEvent.objects.filter(dossier=supplement_asked, kind=EventKind.SUPPLEMENT_SUBMITTED).count() == 1


def test_the_service_takes_one_sending_per_request(citizen, supplement_asked):
    stored = StoredFile(name="dossiers/x", original_name="a.pdf", content_type="application/pdf", size=10,
                        sha256="0" * 64, description=ITEM)  # fmt: skip
    dossier_supplement_send(dossier=supplement_asked, files=[stored], uploaded_by=citizen, actor_label="Hoa")
    with pytest.raises(DossierError) as refused:
        dossier_supplement_send(dossier=supplement_asked, files=[stored], uploaded_by=citizen, actor_label="Hoa")
    assert refused.value.code == DossierError.SUPPLEMENT_ALREADY_SENT
    assert DossierEvent.objects.filter(dossier=supplement_asked, kind=EventKind.SUPPLEMENT_SUBMITTED).count() == 1


def test_a_dossier_received_at_the_desk_is_told_to_bring_it_there(client, phone, province, officers, procedure,
                                                                   applicant, form_data, documents):  # fmt: skip
    desk = officers["receiver@commune_centre"]
    dossier = dossier_receive(officer=desk, agency=province["commune_centre"], version=procedure,
                              channel=Channel.COUNTER, applicant=applicant, form_data=form_data,
                              documents_present=documents)  # fmt: skip
    dossier_request_supplement(officer=desk, dossier=dossier, missing=[ITEM], note="")

    words = _track(client, dossier)
    assert "Vui lòng nộp những giấy tờ nêu dưới đây tại TTPVHCC phường Trấn Biên." in words
    assert "Nộp tại: TTPVHCC phường Trấn Biên" in words and "trực tuyến" not in words.split("Quá trình")[0]
    assert (
        f'href="/nop-ho-so/bo-sung/{dossier.code}/"'
        not in client.get("/tra-cuu/", {"code": dossier.code, "digits": "5678"}).content.decode()
    )
