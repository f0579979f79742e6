"""Every error a person can meet — an unknown address on the public site or in the back office, a door the officer
may not open, a form refused as expired (CSRF), a malformed request, a failure of the system — answers a page in the
site's own layout, in Vietnamese or in English as the language switch says, that names the problem and says what to
do next (issue 11, item 3). Django's bare "Not Found" / "403 Forbidden" never shows."""

import pytest
from django.urls import reverse

from tests.errors.conftest import visitor

pytestmark = pytest.mark.django_db

PUBLIC, BACKOFFICE = '<header class="site">', '<header class="top">'
HEADINGS = {
    404: ("Không tìm thấy trang", "Page not found"),
    403: ("Bạn không có quyền mở trang này", "You may not open this page"),
    "csrf": ("Biểu mẫu đã hết hạn, chưa gửi được", "The form has expired and was not sent"),
    400: ("Yêu cầu không hợp lệ", "Bad request"),
    500: ("Hệ thống gặp sự cố", "Something went wrong"),
}
NEXT = ("Bạn có thể", "What you can do")
DJANGO_BARE = ("<h1>Not Found</h1>", "403 Forbidden", "<h1>Bad Request (400)</h1>", "<h1>Server Error (500)</h1>",
               "CSRF verification failed")  # fmt: skip


def _check(response, *, status: int, kind, language: str, layout: str, said: tuple[str, str] = ("", "")) -> str:
    page = response.content.decode()
    mine, other = (0, 1) if language == "vi" else (1, 0)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert f'<html lang="{language}">' in page
    assert layout in page
    assert HEADINGS[kind][mine] in page and HEADINGS[kind][other] not in page
    assert NEXT[mine] in page
    if said[mine]:
        assert said[mine] in page
    assert not [bare for bare in DJANGO_BARE if bare in page]
    return page


@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_unknown_public_address(language):
    page = _check(visitor(language).get("/khong-co-trang-nay/"), status=404, kind=404, language=language,
                  layout=PUBLIC, said=("Địa chỉ này không có trên Cổng dịch vụ công",
                                       "This address does not exist on the public service portal"))  # fmt: skip
    assert 'href="/tra-cuu/"' in page and 'href="/thu-tuc/"' in page  # track a dossier, find a procedure


@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_unknown_back_office_address(language, officers):
    client = visitor(language)
    client.force_login(officers["specialist@committee"])
    page = _check(client.get("/backoffice/khong-co/"), status=404, kind=404, language=language, layout=BACKOFFICE,
                  said=("Địa chỉ này không có trong hệ thống Một cửa điện tử.",
                        "This address does not exist in the one-stop desk system."))  # fmt: skip
    assert 'class="menu"' in page and f'href="{reverse("backoffice:inbox")}"' in page


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_dossier_outside_the_officers_scope_says_so(language, officers):
    client = visitor(language)
    client.force_login(officers["specialist@committee"])
    _check(client.get(reverse("backoffice:dossier", args=[987654])), status=404, kind=404, language=language,
           layout=BACKOFFICE, said=("Không tìm thấy hồ sơ trong phạm vi của bạn.",
                                    "No such dossier within your scope."))  # fmt: skip


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_back_office_door_the_officer_may_not_open(language, officers):
    client = visitor(language)
    client.force_login(officers["specialist@committee"])
    page = _check(client.get(reverse("backoffice:intake")), status=403, kind=403, language=language,
                  layout=BACKOFFICE, said=("Chỉ cán bộ Bộ phận Một cửa được tiếp nhận hồ sơ.",
                                           "Only one-stop desk officers receive dossiers."))  # fmt: skip
    # what to do next: another officer's account, brought back here once signed in
    assert f'href="{reverse("backoffice:login")}?next=/backoffice/intake/"' in page


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_back_office_form_refused_as_expired(language, officers):
    client = visitor(language, enforce_csrf_checks=True)
    client.force_login(officers["specialist@committee"])
    # when the sign-out form is sent without the token its page carried (a page kept from another session)
    response = client.post(reverse("backoffice:logout"))
    _check(response, status=403, kind="csrf", language=language, layout=BACKOFFICE,
           said=("Thông tin bạn vừa gửi chưa được lưu.", "What you just sent has not been saved."))  # fmt: skip
    # then nothing happened: the officer is still signed in
    assert client.get(reverse("backoffice:inbox")).status_code == 200


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_public_form_refused_as_expired(language):
    response = visitor(language, enforce_csrf_checks=True).post(reverse("complaints:submit"), {"title": "Chậm"})
    _check(response, status=403, kind="csrf", language=language, layout=PUBLIC,
           said=("cho phép cookie của trang này", "allow cookies for this site"))  # fmt: skip


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_malformed_request(language):
    _check(visitor(language).get("/yeu-cau-la/"), status=400, kind=400, language=language, layout=PUBLIC)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_request_for_another_host_answers_before_any_session_is_read(language):
    response = visitor(language).get("/backoffice/", HTTP_HOST="ke-gia-mao.example")
    _check(response, status=400, kind=400, language=language, layout=BACKOFFICE)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("path", "layout"), [("/hong/", PUBLIC), ("/backoffice/hong/", BACKOFFICE)])
def test_a_failure_of_the_system(language, path, layout):
    page = _check(visitor(language).get(path), status=500, kind=500, language=language, layout=layout)
    assert "the database went away" not in page  # the cause goes to the log, not to the person
