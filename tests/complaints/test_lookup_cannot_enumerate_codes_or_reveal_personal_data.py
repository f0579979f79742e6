"""Look-up needs the code and the last four digits of the sender's phone: a wrong code and wrong digits give one
and the same answer; the public pages never show who sent a complaint."""

import pytest
from django.urls import reverse

from lienthong.complaints.services import complaint_accept, complaint_answer, complaint_publish

pytestmark = pytest.mark.django_db


def _lookup(client, code: str, digits: str):
    return client.get(reverse("complaints:lookup"), {"code": code, "digits": digits})


def test_a_wrong_code_and_wrong_digits_get_the_same_answer(client, submit):
    complaint = submit()
    wrong_digits = _lookup(client, complaint.code, "0000")
    wrong_code = _lookup(client, complaint.code[:-6] + "ZZZZZZ", "4321")

    assert wrong_digits.status_code == wrong_code.status_code == 404
    assert _message(wrong_digits) == _message(wrong_code)
    assert complaint.title not in wrong_digits.content.decode()


def _message(response) -> str:
    page = response.content.decode()
    start = page.index('role="alert">')
    return page[start : page.index("</p>", start)]


def test_the_sender_sees_status_deadline_and_answer_with_the_right_digits(client, submit, officers):
    complaint = submit()
    complaint_accept(complaint=complaint, officer=officers["leader@committee"])
    complaint_answer(complaint=complaint, officer=officers["leader@committee"], answer="Đã trả kết quả ngày 12/3.")

    response = _lookup(client, complaint.code.lower(), "4321")  # typed in lower case

    page = response.content.decode()
    assert response.status_code == 200
    assert "Đã trả lời" in page and "Đã trả kết quả ngày 12/3." in page
    assert "0987654321" not in page and "lan@example.vn" not in page
    assert response["Cache-Control"] == "private, no-store"


def test_too_many_misses_lock_the_code_with_429(client, submit, settings):
    settings.LIENTHONG_TRACK_RATE_PER_CODE = "3/3600"
    complaint = submit()
    for _ in range(3):
        _lookup(client, complaint.code, "0000")

    response = _lookup(client, complaint.code, "4321")

    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_published_answers_show_no_personal_data(client, submit, officers):
    complaint = submit()
    leader = officers["leader@committee"]
    complaint_accept(complaint=complaint, officer=leader)
    complaint_answer(complaint=complaint, officer=leader, answer="UBND phường đã trả kết quả và xin lỗi.")
    complaint_publish(complaint=complaint, officer=leader, public_content="Hồ sơ đất đai quá hẹn 5 ngày.")
    hidden = submit(title="Chưa công khai")

    listing = client.get(reverse("complaints:list")).content.decode()
    page = client.get(reverse("complaints:detail", args=[complaint.code]))

    for text in (listing, page.content.decode()):
        assert "Trả kết quả chậm" in text
        for personal in ("Trần Thị Lan", "0987654321", "lan@example.vn", "Võ Thị Sáu", "000.00.99.H19-260301-0001"):
            assert personal not in text
    assert "UBND phường đã trả kết quả và xin lỗi." in page.content.decode()
    assert "Chưa công khai" not in listing
    assert client.get(reverse("complaints:detail", args=[hidden.code])).status_code == 404


def test_the_list_is_searched_with_or_without_diacritics(client, submit, officers):
    leader = officers["leader@committee"]
    for title in ("Trả kết quả chậm", "Thái độ cán bộ một cửa"):
        complaint = submit(title=title)
        complaint_accept(complaint=complaint, officer=leader)
        complaint_answer(complaint=complaint, officer=leader, answer="Đã xử lý.")
        complaint_publish(complaint=complaint, officer=leader)

    page = client.get(reverse("complaints:list"), {"q": "thai do"}).content.decode()

    assert "Thái độ cán bộ một cửa" in page and "Trả kết quả chậm" not in page
