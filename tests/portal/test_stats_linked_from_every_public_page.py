"""The public statistics are one click away from every public page: "Thống kê" in the header's navigation and
"Thống kê giải quyết hồ sơ" in the footer — on the home page, a procedure's page, the tracking page, the news, the
complaint form, the sign-in page and a public error page alike (every public page extends portal/base.html)."""

import re

import pytest

from tests.portal.find_given import BIRTH

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "status"),
    [("/", 200), (f"/thu-tuc/{BIRTH}/", 200), ("/tra-cuu/", 200), ("/tin-tuc/", 200),
     ("/phan-anh-kien-nghi/gui/", 200), ("/tai-khoan/dang-nhap/", 200), ("/khong-co-trang-nay/", 404)],
)  # fmt: skip
def test_the_header_and_the_footer_link_to_the_statistics(client, catalogue, path, status):
    response = client.get(path)
    assert response.status_code == status, path
    page = response.content.decode()
    nav = page.split('<nav aria-label="Chính">', 1)[1].split("</nav>", 1)[0]
    footer = page.split('<footer class="site">', 1)[1]
    assert re.search(r'<a href="/thong-ke/">Thống kê</a>', nav), path
    assert '<a href="/thong-ke/">Thống kê giải quyết hồ sơ</a>' in footer, path
