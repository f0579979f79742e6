from tests.portal.find_given import BIRTH, CERTIFY, PERMIT, text_of  # noqa: F401


def test_birth_registration_shows_its_documents_fees_time_limit_and_legal_basis(client, catalogue):
    response = client.get(f"/thu-tuc/{BIRTH}/")
    text = text_of(response)
    assert response.status_code == 200
    for expected in [
        "Đăng ký khai sinh",
        "Mã thủ tục 1.001193",
        "Lĩnh vực Hộ tịch",
        "Cấp thực hiện Cấp xã",
        "Cơ quan có thẩm quyền Ủy ban nhân dân cấp xã",
        "Giải quyết ngay khi nhận đủ hồ sơ",
        "Nếu nhận hồ sơ sau 15 giờ",
        "Dịch vụ công trực tuyến toàn trình",
        "Đối tượng thực hiện Công dân Việt Nam",
        "Kết quả thực hiện Giấy khai sinh (bản chính)",
        "qua dịch vụ bưu chính công ích",
        "Tờ khai đăng ký khai sinh Bản chính · 1 bản · Bắt buộc",
        "Giấy chứng sinh Bản chính hoặc bản sao · 1 bản · Bắt buộc",
        "Văn bản ủy quyền Bản sao chứng thực · 2 bản · Nộp nếu có",
        "Mẫu: Mẫu giấy ủy quyền",
        "Tiếp nhận hồ sơ Trung tâm Phục vụ hành chính công cấp xã · 0,5 giờ làm việc",
        "Lệ phí đăng ký khai sinh : Miễn phí",
        "Miễn lệ phí nếu đúng hạn",
        "Phí cấp bản sao trích lục : 8.000 đ",
        "Luật Hộ tịch số 60/2014/QH13, Điều 16;",
        "Nghị định số 123/2015/NĐ-CP.",
    ]:
        assert expected in text, expected
    assert "(thủ tục cũ)" not in text  # the replaced version is history, not the law in force


def test_a_procedure_in_working_days_shows_them_and_its_named_agency(client, catalogue, province):
    text = text_of(client.get(f"/thu-tuc/{PERMIT}/"))
    assert "Thời hạn giải quyết 20 ngày làm việc" in text
    assert "Cấp thực hiện Cấp tỉnh, Cấp xã" in text
    assert f"Cơ quan có thẩm quyền {province['department'].name}; Ủy ban nhân dân cấp xã" in text
    assert "Lệ phí cấp giấy phép xây dựng : 150.000 đ" in text
    assert "Thẩm định hồ sơ Sở Nông nghiệp và Môi trường · 7,5 giờ làm việc" in text


def test_online_submission_is_offered_only_where_the_catalogue_says_so(client, catalogue):
    online = client.get(f"/thu-tuc/{BIRTH}/").content.decode()
    offline = client.get(f"/thu-tuc/{CERTIFY}/").content.decode()
    assert f'<a class="button" href="/nop-ho-so/{BIRTH}/">Nộp hồ sơ trực tuyến</a>' in online
    assert "<form" not in online.split('<main id="main">', 1)[1].split("</main>")[0]  # a link: no token, no cookie
    assert "Nộp hồ sơ trực tuyến" not in offline
    assert "Không cung cấp trực tuyến" in offline
