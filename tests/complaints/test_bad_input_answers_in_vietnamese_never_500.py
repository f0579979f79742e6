"""Whatever is posted or typed, the pages answer with a Vietnamese message (400, 404), never a server error."""

import pytest
from django.urls import reverse

from lienthong.complaints.models import Complaint
from tests.complaints.test_the_public_form_is_rate_limited_and_traps_robots import form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"sender_name": "", "title": "", "content": ""}, "Vui lòng nhập họ và tên."),
        ({"sender_phone": "", "sender_email": ""}, "Vui lòng nhập số điện thoại hoặc thư điện tử để nhận trả lời."),
        ({"sender_phone": "gọi tôi nhé"}, "Số điện thoại chỉ gồm 8 đến 15 chữ số"),
        ({"sender_email": "lan@"}, "Địa chỉ thư điện tử không hợp lệ."),
        ({"kind": "complaint"}, "Vui lòng chọn phản ánh hoặc kiến nghị."),
        ({"agency": "999999"}, "Cơ quan đã chọn không có trong danh sách."),
        ({"agency": "abc"}, "Cơ quan đã chọn không có trong danh sách."),
        ({"title": "x" * 201}, "Tiêu đề dài tối đa 200 ký tự."),
        ({"content": "x" * 5001}, "Nội dung dài tối đa 5000 ký tự."),
        ({"title": "a\x00b"}, "Không được nhập ký tự rỗng (NUL)."),
    ],
)
def test_the_form_explains_what_is_wrong(client, province, overrides, message):
    response = client.post(reverse("complaints:submit"), form(**overrides))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Thông tin chưa hợp lệ, vui lòng kiểm tra lại." in page
    assert message in page
    assert Complaint.objects.count() == 0


def test_an_empty_post_is_a_400_not_a_500(client, province):
    assert client.post(reverse("complaints:submit"), {}).status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        {"code": "abc", "digits": "1234"},
        {"code": "PAKN-260310-ABCDEF", "digits": "12"},
        {"code": "", "digits": ""},
        {"code": "' OR 1=1 --", "digits": "12ab"},
    ],
)
def test_the_lookup_rejects_malformed_input_in_vietnamese(client, query):
    response = client.get(reverse("complaints:lookup"), query)

    assert response.status_code == 400
    assert "field-error" in response.content.decode()


@pytest.mark.parametrize("url", ["/phan-anh-kien-nghi/PAKN-000000-XXXXXX/", "/phan-anh-kien-nghi/gui/da-nhan/bad/",
                                 "/phan-anh-kien-nghi/?page=abc", "/phan-anh-kien-nghi/?q=%00%FF"])  # fmt: skip
def test_unknown_or_odd_urls_answer_without_a_server_error(client, url):
    assert client.get(url).status_code in (200, 404)


def test_a_province_without_a_monitoring_office_answers_in_words(client, province):
    # given: no monitor anywhere and no provincial people's committee to fall back on

    response = client.post(reverse("complaints:submit"), form())

    assert response.status_code == 400
    assert "Hệ thống chưa có cơ quan tiếp nhận phản ánh, kiến nghị." in response.content.decode()
