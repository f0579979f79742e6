"""Issue 11 item 2: every form a procedure names can be downloaded. The province's uploaded file where there is one
(test_find_template_download_is_an_attachment.py); else the declaration, printed from the procedure's electronic
form as an A4 PDF with a line or box for every question — never a name without a link, never a dead link."""

import io

import pytest
from pypdf import PdfReader

from lienthong.catalogue.models import RequiredDocument
from tests.portal.find_given import BIRTH, DEATH, catalogue, text_of  # noqa: F401

pytestmark = pytest.mark.django_db

DEATH_FORM = {
    "type": "object",
    "title": "Tờ khai đăng ký khai tử",
    "x-order": ["ho_ten_nguoi_chet", "ngay_chet", "quan_he", "gioi_tinh"],
    "required": ["ho_ten_nguoi_chet", "ngay_chet"],
    "properties": {
        "ho_ten_nguoi_chet": {"type": "string", "title": "Họ, chữ đệm và tên người đã chết"},
        "ngay_chet": {"type": "string", "format": "date", "title": "Ngày, tháng, năm chết"},
        "quan_he": {"type": "string", "title": "Quan hệ với người đã chết"},
        "gioi_tinh": {"type": "string", "title": "Giới tính", "enum": ["Nam", "Nữ"]},
    },
}


def _pdf_text(response) -> str:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


@pytest.fixture
def death_declaration(catalogue):  # noqa: F811 (the imported fixture)
    death = catalogue["death"]
    death.form_schema = DEATH_FORM
    death.save(update_fields=["form_schema"])
    return RequiredDocument.objects.create(
        version=death, position=1, name="Tờ khai đăng ký khai tử theo mẫu", copy_kind="original",
        template_name="Tờ khai đăng ký khai tử", is_declaration=True,
    )  # fmt: skip


def test_a_declaration_without_an_uploaded_file_downloads_printed_from_the_electronic_form(client, death_declaration):
    # given a declaration the province uploaded no file for
    page = client.get(f"/thu-tuc/{DEATH}/").content.decode()
    url = f"/thu-tuc/{DEATH}/mau/{death_declaration.pk}/"

    # then the page links it, and the link is a printable PDF of every question, as an attachment
    assert f'href="{url}"' in page and "Tải mẫu: Tờ khai đăng ký khai tử" in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="to-khai-{DEATH}.pdf"'
    text = " ".join(_pdf_text(response).split())
    assert "TỜ KHAI ĐĂNG KÝ KHAI TỬ" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    for label in ["Họ, chữ đệm và tên người đã chết:", "Ngày, tháng, năm chết:", "Quan hệ với người đã chết:"]:
        assert label in text
    assert "☐Nam" in text.replace(" ", "") and "Người yêu cầu" in text


def test_the_page_says_the_declaration_is_filled_in_online_where_it_is_offered_online(client, death_declaration):
    assert "Khi nộp trực tuyến, bạn điền tờ khai ngay trên trang nộp hồ sơ, không cần tải lên." in text_of(
        client.get(f"/thu-tuc/{DEATH}/")
    )


def test_a_named_form_that_is_neither_uploaded_nor_the_declaration_says_where_to_get_it(client, catalogue):  # noqa: F811
    # the birth procedure's power of attorney names a form, with no file and no electronic form to print it from
    text = text_of(client.get(f"/thu-tuc/{BIRTH}/"))
    assert "Mẫu: Mẫu giấy ủy quyền (nhận tại Bộ phận Một cửa)" in text
    proxy = catalogue["birth"].documents.get(position=3)
    assert client.get(f"/thu-tuc/{BIRTH}/mau/{proxy.pk}/").status_code == 404


def test_a_declaration_of_a_procedure_without_an_electronic_form_has_no_link(client, catalogue):  # noqa: F811
    death = catalogue["death"]
    document = RequiredDocument.objects.create(
        version=death, position=1, name="Tờ khai", copy_kind="original", template_name="Tờ khai đăng ký khai tử",
        is_declaration=True,
    )  # fmt: skip
    assert f"/mau/{document.pk}/" not in client.get(f"/thu-tuc/{DEATH}/").content.decode()
    assert client.get(f"/thu-tuc/{DEATH}/mau/{document.pk}/").status_code == 404
