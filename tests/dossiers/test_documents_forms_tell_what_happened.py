"""Mẫu 01–05 (Circular 01/2018, Circular 03/2025 annex I): each printed from a dossier that really went through its
transition, in Vietnamese with every diacritic, on A5, with the code, the dates as the desk writes them and the reason
from the event."""

import pytest

from lienthong.dossiers.documents import document_pdf
from lienthong.dossiers.services import DossierError
from tests.dossiers.test_documents_given import DUE_TEXT, Desk, pdf_page_sizes_mm, pdf_text

pytestmark = pytest.mark.django_db
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
A5 = [(148, 210)]


@pytest.fixture
def desk(province, officers, procedure, applicant, form_data, documents):
    return Desk(province, officers, procedure, applicant, form_data, documents)


def test_the_receipt_lists_what_was_handed_in_and_the_appointment_past_tet(desk):
    # given a dossier received on the Friday before Tết 2026 at 16:00, without the optional power of attorney
    dossier = desk.receive()

    # when the desk prints Mẫu 01
    pdf = document_pdf(dossier=dossier, kind="01")

    # then it is one A5 page in Vietnamese with the code, the appointment after Tết, and the documents ticked
    text = pdf_text(pdf)
    assert pdf_page_sizes_mm(pdf) == A5
    assert MOTTO in text
    assert "UBND PHƯỜNG TRẤN BIÊN TTPVHCC PHƯỜNG TRẤN BIÊN" in text
    assert f"Số: {dossier.code}/TNHS" in text
    assert "Trấn Biên, ngày 13 tháng 02 năm 2026" in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert f"Mã hồ sơ: {dossier.code}" in text
    assert "đã tiếp nhận hồ sơ của: Nguyễn Thị Hoa" in text
    assert "Nội dung yêu cầu giải quyết: Đăng ký đất đai lần đầu (mã thủ tục 1.012753)" in text
    assert "☑ Đơn đăng ký (bản chính)" in text
    assert "☑ Giấy tờ về quyền sử dụng đất (bản sao)" in text
    assert "☐ Văn bản ủy quyền (bản chính) – nếu có" in text
    assert "Thời gian giải quyết hồ sơ theo quy định: 3 ngày làm việc." in text
    assert "Thời gian nhận hồ sơ: 16 giờ 00 phút, thứ Sáu, ngày 13/02/2026." in text
    assert f"Thời gian trả kết quả giải quyết hồ sơ: {DUE_TEXT}." in text
    assert "Đăng ký nhận kết quả: Nhận tại Bộ phận Một cửa." in text
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên)" in text and "Trần Văn Bình" in text


def test_the_receipt_keeps_the_appointment_it_gave_after_an_apology_moved_it(desk):
    text = pdf_text(document_pdf(dossier=desk.apologized(), kind="01"))
    assert f"Thời gian trả kết quả giải quyết hồ sơ: {DUE_TEXT}." in text
    assert "27/02/2026" not in text


def test_the_supplement_request_names_each_missing_item_and_why(desk):
    dossier = desk.supplement_requested()
    pdf = document_pdf(dossier=dossier, kind="02")
    text = pdf_text(pdf)
    assert pdf_page_sizes_mm(pdf) == A5
    assert MOTTO in text
    assert f"Số: {dossier.code}/HDHS" in text
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Trấn Biên, ngày 23 tháng 02 năm 2026" in text
    assert "Ngày 13/02/2026, TTPVHCC phường Trấn Biên đã tiếp nhận hồ sơ của: Nguyễn Thị Hoa" in text
    assert "1. Bản sao trích lục bản đồ địa chính 2. Giấy xác nhận không tranh chấp" in text
    assert "Lý do: Thửa đất chưa có trích lục bản đồ" in text
    assert "tạm dừng từ 09 giờ 00 phút, thứ Hai, ngày 23/02/2026" in text
    assert "NGƯỜI HƯỚNG DẪN" in text and "Trần Văn Bình" in text


def test_the_refusal_gives_the_written_reason(desk):
    dossier = desk.refused()
    pdf = document_pdf(dossier=dossier, kind="03")
    text = pdf_text(pdf)
    assert pdf_page_sizes_mm(pdf) == A5
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ" in text
    assert f"Số: {dossier.code}/TCHS" in text
    assert "từ chối giải quyết hồ sơ này với lý do cụ thể như sau:" in text
    assert "Thửa đất nằm trong quy hoạch đường giao thông đã công bố" in text
    assert "Trấn Biên, ngày 23 tháng 02 năm 2026" in text


def test_the_apology_gives_the_reason_the_old_date_and_the_one_new_date(desk):
    dossier = desk.apologized()
    pdf = document_pdf(dossier=dossier, kind="04")
    text = pdf_text(pdf)
    assert pdf_page_sizes_mm(pdf) == A5
    assert "VĂN BẢN XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert f"Số: {dossier.code}/XLHS" in text
    assert "Kính gửi: Ông/Bà Nguyễn Thị Hoa" in text
    assert f"Thời gian hẹn trả kết quả giải quyết hồ sơ: {DUE_TEXT}." in text
    assert "Lý do: Cần xác minh thực địa ranh giới thửa đất" in text
    assert "xin lỗi ông/bà và hẹn trả kết quả giải quyết hồ sơ vào: 17 giờ 00 phút, thứ Sáu, ngày 27/02/2026." in text
    assert "THỦ TRƯỞNG CƠ QUAN" in text and "Lê Thị Hương" in text


def test_the_stop_notice_gives_the_reason_and_its_legal_basis(desk):
    dossier = desk.stopped()
    pdf = document_pdf(dossier=dossier, kind="05")
    text = pdf_text(pdf)
    assert pdf_page_sizes_mm(pdf) == A5
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert f"Số: {dossier.code}/TB-DGQ" in text
    assert "Lý do: Tòa án đã thụ lý tranh chấp về thửa đất" in text
    assert "Căn cứ: Thông báo thụ lý vụ án số 12/2026/TB-TLVA" in text
    assert "Trấn Biên, ngày 24 tháng 02 năm 2026" in text


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("02", "Hồ sơ chưa có yêu cầu bổ sung, hoàn thiện nào."),
        ("03", "Hồ sơ không bị từ chối tiếp nhận, giải quyết."),
        ("04", "Hồ sơ chưa có văn bản xin lỗi và hẹn lại ngày trả kết quả."),
        ("05", "Hồ sơ không bị dừng giải quyết."),
    ],
)
def test_a_form_for_something_that_never_happened_is_refused_in_vietnamese(desk, kind, message):
    dossier = desk.receive()
    with pytest.raises(DossierError) as refused:
        document_pdf(dossier=dossier, kind=kind)
    assert (refused.value.code, refused.value.message) == ("document_not_available", message)
