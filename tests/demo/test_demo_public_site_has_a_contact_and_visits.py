"""Issue 11 item 8 on the demo: its public pages give the province, a hotline and a contact, and the visitor counters
show a site in use — two years of visits — rather than zeros; a second build writes none of it again."""

import pytest
from django.core.cache import cache
from django.db.models import Sum

from lienthong.core.models import Rule
from lienthong.demo.site import HISTORY_DAYS, site_load
from lienthong.news.models import VisitDay
from lienthong.news.visitors import shown_forget
from lienthong.portal.identity import identity_forget

pytestmark = pytest.mark.django_db


def test_the_home_page_names_the_province_its_contact_and_real_visit_counts(client, demo):
    cache.clear()
    identity_forget()
    shown_forget()

    page = client.get("/", HTTP_USER_AGENT="Mozilla/5.0 (Android 14)").content.decode()

    header = page.split('<header class="site">', 1)[1].split("</header>", 1)[0]
    footer = page.split('<footer class="site">', 1)[1]
    assert "Tỉnh Đồng Nai" in header and "Đường dây nóng <strong>0251 3822 555</strong>" in header
    assert "Trung tâm Phục vụ hành chính công tỉnh Đồng Nai" in footer and "ttpvhcc@dongnai.example" in footer
    total = VisitDay.objects.aggregate(total=Sum("visits"))["total"]
    assert total > 1_000_000 and VisitDay.objects.count() == HISTORY_DAYS + 1
    assert f"Tổng lượt truy cập: <strong>{total:,}</strong>".replace(",", ".") in footer
    assert "Hôm nay: <strong>0</strong>" not in footer and "Tháng này: <strong>0</strong>" not in footer


def test_a_second_build_writes_nothing_again(demo):
    assert site_load() == 0
    assert Rule.objects.filter(key="portal.contact").count() == 1


def test_the_demo_citizens_application_opens_with_the_desk_of_her_ward(client, demo):
    from lienthong.accounts.models import CitizenProfile
    from lienthong.submission.models import Draft

    profile = CitizenProfile.objects.get(email="congdan@lienthong.example")
    client.force_login(profile.user)

    response = client.post("/nop-ho-so/1.001193/")

    assert response.status_code == 302
    draft = Draft.objects.get(user=profile.user)
    assert draft.agency.name == "Trung tâm Phục vụ hành chính công phường Trấn Biên"
