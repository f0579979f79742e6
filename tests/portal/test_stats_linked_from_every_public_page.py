"""The public statistics are one click away from every public page: "Thống kê" in the header's navigation and
"Thống kê giải quyết hồ sơ" in the footer — on the home page, a procedure's page and the tracking page alike."""

import re

import pytest

from tests.portal.find_given import BIRTH

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", f"/thu-tuc/{BIRTH}/", "/tra-cuu/", "/tin-tuc/"])
def test_the_header_and_the_footer_link_to_the_statistics(client, catalogue, path):
    response = client.get(path)
    assert response.status_code == 200, path
    page = response.content.decode()
    nav = page.split('<nav aria-label="Chính">', 1)[1].split("</nav>", 1)[0]
    footer = page.split('<footer class="site">', 1)[1]
    assert re.search(r'<a href="/thong-ke/">Thống kê</a>', nav), path
    assert '<a href="/thong-ke/">Thống kê giải quyết hồ sơ</a>' in footer, path
