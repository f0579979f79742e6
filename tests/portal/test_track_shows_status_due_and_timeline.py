"""A citizen with the code from the receipt and the last four digits of their phone or identity number sees where
the dossier is, in plain words, its appointment and its history — and nothing about officers."""

import pytest

from tests.portal.track_given import (  # noqa: F401
    ID_DIGITS,
    PHONE_DIGITS,
    at,
    fresh_counters_fixture,
    given_fixture,
    look_up,
    text,
)

pytestmark = pytest.mark.django_db


def test_the_code_and_the_phones_last_four_show_status_due_date_and_timeline(client, given):
    dossier = given.received()

    response = look_up(client, dossier.code, PHONE_DIGITS)

    assert response.status_code == 200
    page = text(response)
    assert "TTPVHCC phường Trấn Biên đã tiếp nhận hồ sơ và sẽ chuyển đến cơ quan giải quyết." in page
    assert "Ngày hẹn trả kết quả 10:00 25/02/2026" in page
    assert "Đang trong thời hạn giải quyết." in page
    assert "10:00 13/02/2026 Hồ sơ được tiếp nhận." in page
    assert "Đăng ký đất đai lần đầu" in page
    assert "Nhận kết quả tại Bộ phận Một cửa: TTPVHCC phường Trấn Biên." in page
    assert response["Cache-Control"] == "private, no-store"


def test_the_last_four_of_the_identity_number_work_too(client, given):
    dossier = given.received()
    response = look_up(client, dossier.code, ID_DIGITS)
    assert response.status_code == 200
    assert "Ngày hẹn trả kết quả" in text(response)


@pytest.mark.parametrize("typed", ["lower", "spaced", "en dash"])
def test_the_code_is_read_as_printed_whatever_the_case_spaces_or_dashes(client, given, typed):
    code = given.received().code
    variants = {"lower": code.lower(), "spaced": f"  {code} ".replace("-", " - ", 1), "en dash": code.replace("-", "–")}
    assert look_up(client, variants[typed], PHONE_DIGITS).status_code == 200


def test_being_processed_names_the_agency_and_the_timeline_follows_the_dossier_across_agencies(client, given):
    dossier = given.at_the_department()

    page = text(look_up(client, dossier.code, PHONE_DIGITS))

    assert "Hồ sơ đang được xử lý tại Sở Nông nghiệp và Môi trường." in page
    timeline = page[page.index("Quá trình giải quyết") :]
    lines = [
        "Hồ sơ được tiếp nhận.",
        "Hồ sơ được chuyển đến UBND phường Trấn Biên để giải quyết.",
        "Hồ sơ được chuyển đến Sở Nông nghiệp và Môi trường để giải quyết.",
    ]
    assert sorted(lines, key=timeline.find) == lines and all(line in timeline for line in lines)
    assert timeline.count("Sở Nông nghiệp và Môi trường để giải quyết") == 1  # parallel steps: one line


def test_no_officer_is_named_only_agencies(client, given):
    dossier = given.at_the_department()
    html = look_up(client, dossier.code, PHONE_DIGITS).content.decode()
    assert "receiver." not in html and "specialist." not in html
    assert "Hoàn thành bước" not in html  # internal steps are not the citizen's timeline


def test_past_the_appointment_an_open_dossier_says_it_is_late(client, given):
    dossier = given.received()
    assert "Đã quá ngày hẹn trả kết quả." in text(look_up(client, dossier.code, PHONE_DIGITS, when=at(25, 11)))


def test_the_digits_are_not_written_back_into_their_field(client, given):
    dossier = given.received()
    html = look_up(client, dossier.code, PHONE_DIGITS).content.decode()
    assert f'value="{PHONE_DIGITS}"' not in html
    assert f'value="{dossier.code}"' in html  # the code is, to correct a typo


def test_the_empty_form_asks_for_code_and_digits_without_a_look_up(
    site_identity_warm, client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/tra-cuu/")
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode() and 'name="digits"' in response.content.decode()


@pytest.mark.parametrize("digits", ["567", "56789", "abcd", ""])
def test_digits_that_are_not_four_digits_are_a_form_error_not_a_miss(client, given, digits):
    dossier = given.received()
    response = look_up(client, dossier.code, digits)
    assert response.status_code == 200
    assert "Không tìm thấy" not in text(response)
