"""Issue 11 item 8: the public site has an identity and a way in. Every page's header names the province, gives the
hotline and links sign-in, "Hồ sơ của tôi" and the statistics; its footer gives the contact (who answers, address,
hotline, e-mail) — the provincial service centre's record, or what the administrator set in the rule
`portal.contact`, shown at once."""

import pytest

from lienthong.core.models import Rule
from tests.submission.conftest import citizen_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(province):
    centre = province["centre"]
    centre.name, centre.phone = "Trung tâm Phục vụ hành chính công tỉnh Đồng Nai", "0251 3822 000"
    centre.address, centre.email = "Số 2 đường Nguyễn Văn Trị, phường Trấn Biên", "ttpvhcc@dongnai.example"
    centre.save()
    return centre


def _header_and_footer(page: str) -> tuple[str, str]:
    return page.split('<header class="site">', 1)[1].split("</header>", 1)[0], page.split('<footer class="site">')[1]


def test_every_page_names_the_province_and_leads_in(client, centre):
    for path in ["/", "/thu-tuc/", "/tra-cuu/", "/thong-ke/", "/tai-khoan/dang-nhap/"]:
        page = client.get(path).content.decode()
        header, footer = _header_and_footer(page)
        assert "Tỉnh Đồng Nai" in header and "Cổng dịch vụ công tỉnh Đồng Nai</title>" in page, path
        assert 'href="tel:02513822000"' in header and "Đường dây nóng <strong>0251 3822 000</strong>" in header
        for link in ['href="/thong-ke/"', 'href="/tai-khoan/dang-nhap/"', 'href="/tai-khoan/ho-so/"',
                     'href="/tra-cuu/"', 'href="/thu-tuc/"']:  # fmt: skip
            assert link in header, (path, link)
        assert "<strong>Trung tâm Phục vụ hành chính công tỉnh Đồng Nai</strong>" in footer
        assert "Số 2 đường Nguyễn Văn Trị, phường Trấn Biên" in footer
        assert 'href="mailto:ttpvhcc@dongnai.example"' in footer and 'href="/thong-ke/"' in footer


def test_the_contact_the_administrator_sets_shows_at_once(client, centre):
    client.get("/")  # the identity is kept
    Rule.objects.create(key="portal.contact", value={"hotline": "1900 1022", "email": "motcua@dongnai.example"})

    header, footer = _header_and_footer(client.get("/").content.decode())

    assert 'href="tel:19001022"' in header and "0251 3822 000" not in header
    assert 'href="mailto:motcua@dongnai.example"' in footer
    assert "Số 2 đường Nguyễn Văn Trị" in footer  # what the rule leaves empty still comes from the centre


def test_the_english_pages_keep_the_identity(client, centre):
    client.get("/ngon-ngu/en/?next=/")
    header, footer = _header_and_footer(client.get("/").content.decode())
    assert "Public service portal" in header and "Tỉnh Đồng Nai" in header and "Sign in" in header


def test_sign_in_sends_a_signed_in_citizen_on_to_their_dossiers(client, province):
    client.force_login(citizen_make("Nguyễn Thị Hoa", "hoa@example.vn"))
    response = client.get("/tai-khoan/dang-nhap/")
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/ho-so/"
