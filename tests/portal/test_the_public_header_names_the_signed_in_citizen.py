"""The public header greets a signed-in citizen by name, with "Hồ sơ của tôi" and "Đăng xuất" (a POST with its CSRF
token), instead of "Đăng nhập" — while the rest of the header stays kept per language for everyone: her name is
never kept for the next visitor, and a visitor without a session cookie reads no session and runs no query for it."""

import re

import pytest
from django.contrib.auth import get_user_model

from lienthong.accounts.constants import ContactKind
from lienthong.accounts.contacts import Contact
from lienthong.accounts.services import SignUp, citizen_import

pytestmark = pytest.mark.django_db
NAME = "Nguyễn Thị Hoa"


def _header(response) -> str:
    html = response.content.decode()
    return html[html.index('<header class="site">') : html.index("</header>")]


@pytest.fixture
def citizen():
    sign_up = SignUp(contact=Contact(kind=ContactKind.EMAIL, value="hoa@example.vn"), full_name=NAME,
                     password="Sen-vang-ho-Tay-2026")  # fmt: skip
    user, _made = citizen_import(sign_up=sign_up)
    return user


def test_a_signed_in_citizen_sees_her_name_her_dossiers_and_sign_out(client, citizen):
    client.force_login(citizen)

    response = client.get("/tra-cuu/")

    header = _header(response)
    assert f'href="/tai-khoan/thong-tin/" title="Thông tin tài khoản">{NAME}</a>' in header
    assert ">Hồ sơ của tôi</a>" in header and "Đăng nhập" not in header
    form = re.search(r'<form class="sign-out" method="post" action="/tai-khoan/dang-xuat/">(.*?)</form>', header)
    assert form and 'name="csrfmiddlewaretoken"' in form.group(1) and ">Đăng xuất</button>" in form.group(1)
    assert "Cookie" in response["Vary"]  # a page with her name is never served from a shared cache to another


def test_signing_out_from_the_header_works(client, citizen):
    client.force_login(citizen)
    client.get("/")
    assert client.post("/tai-khoan/dang-xuat/")["Location"] == "/"
    assert ">Đăng nhập</a>" in _header(client.get("/"))


def test_the_next_visitor_gets_the_kept_header_without_her_name(client, citizen):
    client.force_login(citizen)
    client.get("/thu-tuc/")
    client.get("/tra-cuu/")
    client.logout()

    for path in ("/thu-tuc/", "/tra-cuu/", "/"):
        header = _header(client.get(path))
        assert NAME not in header and "Đăng xuất" not in header
        assert '<a class="account" href="/tai-khoan/dang-nhap/">Đăng nhập</a>' in header
        assert '<a class="account" href="/tai-khoan/ho-so/">Hồ sơ của tôi</a>' in header


def test_in_english_she_reads_my_dossiers_and_sign_out(client, citizen, settings):
    client.force_login(citizen)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    header = _header(client.get("/tra-cuu/"))
    assert NAME in header and ">My dossiers</a>" in header and ">Sign out</button>" in header


def test_an_officer_s_session_is_not_a_citizen_s(client):
    officer = get_user_model().objects.create_user(username="motcua.tinh", password="x")
    client.force_login(officer)
    header = _header(client.get("/tra-cuu/"))
    assert ">Đăng nhập</a>" in header and "Đăng xuất" not in header


def test_a_visitor_without_a_session_cookie_costs_no_query_for_the_header(client, django_assert_num_queries):
    client.get("/tra-cuu/")  # the page's own caches (the province, the visitor counters) warm
    with django_assert_num_queries(0):
        header = client.get("/tra-cuu/")
    assert "sessionid" not in client.cookies and ">Đăng nhập</a>" in _header(header)
