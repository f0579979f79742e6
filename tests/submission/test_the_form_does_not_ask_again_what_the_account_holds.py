"""Issue 11 item 2: the online form does not ask again what the account holds. The name, identity number, the
contact the account proved and the address it keeps are shown (with a way to correct them in the account) and taken
from it; the tờ khai's questions about the applicant (`x-applicant`) are answered from them; what the account lacked
and the application asked is kept for next time, and the other contact comes back from the last application."""

import pytest

from lienthong.accounts.models import CitizenProfile
from lienthong.dossiers.models import Dossier

from .given import draft_started, mandatory_files

APPLICANT_SCHEMA = {
    "type": "object",
    "x-order": ["ho_ten_nguoi_yeu_cau", "so_dinh_danh", "noi_cu_tru", "so_dien_thoai", "thu_dien_tu", "ho_ten",
                "ngay_sinh"],
    "required": ["ho_ten_nguoi_yeu_cau", "so_dinh_danh", "noi_cu_tru", "ho_ten", "ngay_sinh"],
    "properties": {
        "ho_ten_nguoi_yeu_cau": {"type": "string", "title": "Họ tên người yêu cầu", "x-applicant": "name"},
        "so_dinh_danh": {"type": "string", "pattern": "^[0-9]{12}$", "x-applicant": "id_number"},
        "noi_cu_tru": {"type": "string", "title": "Nơi cư trú", "x-applicant": "address"},
        "so_dien_thoai": {"type": "string", "title": "Số điện thoại", "x-applicant": "phone"},
        "thu_dien_tu": {"type": "string", "format": "email", "title": "Thư điện tử", "x-applicant": "email"},
        "ho_ten": {"type": "string", "title": "Họ và tên người được cấp", "minLength": 2},
        "ngay_sinh": {"type": "string", "format": "date", "title": "Ngày sinh của người được cấp"},
    },
}  # fmt: skip


@pytest.fixture
def asks_the_applicant(procedure):
    procedure.form_schema = APPLICANT_SCHEMA
    procedure.save(update_fields=["form_schema"])
    return procedure


def _typed(province, **more) -> dict[str, str]:
    """What the citizen types: the account has no address and no phone (it signed up with its e-mail)."""
    return {"applicant_kind": "citizen", "applicant_phone": "0912345678",
            "applicant_address": "Số 5 đường Võ Thị Sáu, phường Trấn Biên, tỉnh Đồng Nai",
            "agency": str(province["commune_centre"].pk), "result_delivery": "electronic",
            "form__ho_ten": "Trần Minh An", "form__ngay_sinh": "2010-01-02", **more}  # fmt: skip


def test_what_the_account_holds_is_shown_not_asked_and_fills_the_declaration(phone, citizen, province, officers,
                                                                             asks_the_applicant):  # fmt: skip
    draft = draft_started(phone, asks_the_applicant)
    page = phone.get(f"/nop-ho-so/nhap/{draft.pk}/").content.decode()

    # shown, with the way to correct them; not inputs
    for held in ("Nguyễn Thị Hoa", "075190001234", "hoa@example.vn"):
        assert f"<dd>{held}</dd>" in page
    assert f'href="/tai-khoan/thong-tin/?next=%2Fnop-ho-so%2Fnhap%2F{draft.pk}%2F"' in page
    for name in ("applicant_name", "applicant_id_number", "applicant_email", "form__ho_ten_nguoi_yeu_cau",
                 "form__so_dinh_danh", "form__noi_cu_tru", "form__so_dien_thoai", "form__thu_dien_tu"):  # fmt: skip
        assert f'name="{name}"' not in page, name
    # what the declaration needs and the account lacks is asked, and required
    assert 'name="applicant_address"' in page and "required" in page.split('name="applicant_address"')[1][:400]
    assert "Ngày sinh của người được cấp" in page

    # when it is submitted
    checked = phone.post(f"/nop-ho-so/nhap/{draft.pk}/", {**_typed(province), "action": "review",
                                                          **mandatory_files(asks_the_applicant)})  # fmt: skip
    assert checked.status_code == 302, checked.content.decode()[:3000]
    assert phone.post(checked["Location"]).status_code == 302

    # then the declaration carries the account's answers, and the address is kept in the account
    dossier = Dossier.objects.get(citizen=citizen)
    assert dossier.form_data == {
        "ho_ten_nguoi_yeu_cau": "Nguyễn Thị Hoa", "so_dinh_danh": "075190001234",
        "noi_cu_tru": "Số 5 đường Võ Thị Sáu, phường Trấn Biên, tỉnh Đồng Nai", "so_dien_thoai": "0912345678",
        "thu_dien_tu": "hoa@example.vn", "ho_ten": "Trần Minh An", "ngay_sinh": "2010-01-02",
    }  # fmt: skip
    assert (dossier.applicant_name, dossier.applicant_email) == ("Nguyễn Thị Hoa", "hoa@example.vn")
    profile = CitizenProfile.objects.get(user=citizen)
    assert profile.address == "Số 5 đường Võ Thị Sáu, phường Trấn Biên, tỉnh Đồng Nai"

    # and the next application asks neither the address (kept) nor retypes the phone (given last time)
    dossier.procedure_version.documents.update()  # (same procedure: a new draft once this one is submitted)
    again = draft_started(phone, asks_the_applicant)
    page = phone.get(f"/nop-ho-so/nhap/{again.pk}/").content.decode()
    assert 'name="applicant_address"' not in page and "<dd>Số 5 đường Võ Thị Sáu" in page
    assert 'value="0912345678"' in page


def test_an_account_value_the_declaration_cannot_take_is_named_not_a_schema_error(phone, citizen, province, officers,
                                                                                  asks_the_applicant):  # fmt: skip
    CitizenProfile.objects.filter(user=citizen).update(identity_number="B1234567")  # a passport: not 12 digits
    draft = draft_started(phone, asks_the_applicant)
    response = phone.post(f"/nop-ho-so/nhap/{draft.pk}/", {**_typed(province), "action": "review",
                                                           **mandatory_files(asks_the_applicant)})  # fmt: skip
    assert response.status_code == 400
    assert ("Số định danh cá nhân / hộ chiếu trong tài khoản chưa hợp với tờ khai của thủ tục này; vui lòng sửa trong "
            "tài khoản.") in response.content.decode()  # fmt: skip
    assert not Dossier.objects.exists()


def test_the_account_page_corrects_what_applications_take_and_goes_back(phone, citizen, province, officers,
                                                                        asks_the_applicant):  # fmt: skip
    draft = draft_started(phone, asks_the_applicant)
    back = f"/nop-ho-so/nhap/{draft.pk}/"
    page = phone.get("/tai-khoan/thong-tin/", {"next": back})
    assert page.status_code == 200 and "hoa@example.vn (đã xác minh)" in page.content.decode()

    saved = phone.post("/tai-khoan/thong-tin/", {"full_name": "Nguyễn Thị Hoa Mai", "identity_number": "075190001234",
                                                 "address": "Xã Long Hưng, tỉnh Đồng Nai", "next": back})  # fmt: skip

    assert saved.status_code == 302 and saved["Location"] == back
    assert "<dd>Nguyễn Thị Hoa Mai</dd>" in phone.get(back).content.decode()
    assert phone.post("/tai-khoan/thong-tin/", {"full_name": "", "next": "https://evil.example/"}).status_code == 200
