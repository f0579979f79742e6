"""The form carries the attributes the browser checks; a request that skips them (no JavaScript, an old browser,
a script) meets the same rules on the server, in Vietnamese, and nothing is submitted."""

from lienthong.catalogue.schema_form import _browser_pattern
from lienthong.dossiers.models import Dossier

from .given import answers, draft_started, mandatory_files


def test_the_inputs_carry_the_browsers_checks(phone, province, officers, procedure):
    draft = draft_started(phone, procedure)
    page = phone.get(f"/nop-ho-so/nhap/{draft.pk}/").content.decode()
    assert 'name="form__ngay_sinh"' in page and 'type="date"' in page
    assert 'name="form__so_dinh_danh" pattern="(?:[0-9]{12})"' in page
    assert 'name="applicant_phone"' in page and 'pattern="(0|\\+84)[0-9]{9,10}"' in page
    assert 'name="form__ho_ten"' in page and 'minlength="2" required' in page
    assert 'accept=".pdf,.jpg' in page and "required" in page.split('name="file_', 1)[1].split(">", 1)[0]
    assert 'value="save" class="secondary" formnovalidate' in page  # saving a draft never asks the browser


def test_schema_patterns_become_whole_value_patterns():
    assert _browser_pattern("^[0-9]{12}$") == "(?:[0-9]{12})"
    assert _browser_pattern("abc") == ".*(?:abc).*"
    assert _browser_pattern("^a\\$") == "(?:a\\$).*"


def test_wrong_values_sent_past_the_browser_are_refused_in_vietnamese(phone, province, officers, procedure):
    draft = draft_started(phone, procedure)
    wrong = answers(province, applicant_id_number="12345", applicant_phone="abc", form__so_dinh_danh="x1",
                    form__ho_ten="H", applicant_email="")  # fmt: skip

    response = phone.post(f"/nop-ho-so/nhap/{draft.pk}/", {**wrong, "action": "review", **mandatory_files(procedure)})

    assert response.status_code == 400
    page = response.content.decode()
    # (the identity number and the e-mail are the account's: not asked, so not wrong; the e-mail deleted from the
    # form is the account's all the same)
    for message in ("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0.", "Giá trị chưa đúng định dạng."):
        assert message in page, message
    assert phone.get(f"/nop-ho-so/nhap/{draft.pk}/xem-lai/")["Location"].endswith("?kiem-tra=1")
    assert phone.post(f"/nop-ho-so/nhap/{draft.pk}/xem-lai/").status_code == 302
    assert not Dossier.objects.exists()


def test_a_missing_mandatory_scan_is_named(phone, province, officers, procedure):
    draft = draft_started(phone, procedure)
    response = phone.post(f"/nop-ho-so/nhap/{draft.pk}/", {**answers(province), "action": "review"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Còn thiếu tệp của:" in page and "Đơn đăng ký" in page and "Giấy tờ về quyền sử dụng đất" in page
    assert not Dossier.objects.exists()


def test_a_desk_that_does_not_receive_the_procedure_is_refused(phone, province, officers, procedure):
    draft = draft_started(phone, procedure)
    elsewhere = answers(province, agency=str(province["department"].pk))
    response = phone.post(
        f"/nop-ho-so/nhap/{draft.pk}/", {**elsewhere, "action": "review", **mandatory_files(procedure)}
    )
    assert response.status_code == 400
    assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()  # Django's own Vietnamese
    draft.refresh_from_db()
    assert draft.agency == province["commune_centre"] and not Dossier.objects.exists()
