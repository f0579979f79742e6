"""/thong-ke/ in a real browser at a phone's (390×844) and a desktop's (1280×800) size, with 25 units: no horizontal
scrolling, the three charts (the index's groups and trend, the top units) drawn within the screen's width, no
serious or critical axe violation, a page of 20 units and a link to the next, a search without diacritics through
the form, and the chart's values in a table that opens. Screenshots: var/test-artifacts/screenshots/statistics/<size>/
(or LIENTHONG_TEST_ARTIFACTS)."""

import pytest
from django.core.cache import cache

from lienthong.core import charts
from tests.dossiers.conftest import applicant, documents, form_data  # noqa: F401
from tests.e2e.browser import artifacts_dir, skip_without_browser
from tests.e2e.browser_checks import Budget, public_browser, server_problems
from tests.portal.stats_given import agencies_add, february_at, february_fixture  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
STATS = "/thong-ke/?ky=2026-02"  # the month tests/portal/stats_given.py builds by hand
# The page carries three inline SVG charts: more than a page of text (60 KB), still one request and little to pay for.
BUDGET = Budget(kilobytes=90, requests=5)
NAME = "Ủy ban nhân dân xã Phước Thiền, huyện Nhơn Trạch cũ, số {n}"  # long, as agencies' names are


@pytest.fixture
def province_of_agencies(province, officers, procedure, applicant, form_data, documents, february):  # noqa: F811
    cache.clear()
    given = (province, officers, procedure, applicant, form_data, documents)
    for index, key in enumerate(agencies_add(province, officers, 23, start=40, name=NAME)):
        february_at(given, key, on_time=index % 4, late=1 + index % 3)
    # A process's first chart imports matplotlib (seconds on a busy 2-core machine, past the browser's 10 s wait):
    # done here, so the browser waits for the page's own work, charts drawn afresh included
    charts.trend(title="", desc="", labels=["01/2026"], values=[1], y_label="")
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("size", list(SIZES))
def test_the_statistics_fit_a_phone_and_a_desktop(chromium, live_server, province_of_agencies, size, caplog):
    from playwright.sync_api import expect

    width, height = SIZES[size]
    shots = artifacts_dir("screenshots", "statistics", size)
    with public_browser(chromium, width=width, height=height, base_url=live_server.url, shots=shots,
                        budget=BUDGET, label=size) as gate:  # fmt: skip
        page = gate.page
        gate.visit(STATS, "statistics")
        # the province's index is what a visitor came for: on the first screen, before the filters (on a phone the
        # filters filled the whole first screen)
        headline = page.locator(".index-total").bounding_box()
        assert headline["y"] + headline["height"] <= height, headline
        assert headline["y"] < page.locator("form.stats-form").bounding_box()["y"]
        charts = page.locator("svg[role=img]")
        expect(charts).to_have_count(3)
        for index in range(3):
            expect(charts.nth(index)).to_be_visible()
            box = charts.nth(index).bounding_box()
            assert box["width"] > 0.5 * min(width, 700) and box["x"] + box["width"] <= width, box
        expect(page.locator("table.stats tbody tr")).to_have_count(20)
        page.get_by_text("Số liệu của biểu đồ “Chỉ số phục vụ của toàn tỉnh theo tháng”").click()
        expect(page.locator("table.chart-values").nth(1)).to_be_visible()  # the second chart: the trend

        with page.expect_navigation():
            page.get_by_role("link", name="Trang sau").click()
        gate.check("statistics-page-2")
        expect(page.locator("table.stats tbody tr")).to_have_count(5)  # 25 units: 20, then 5

        page.get_by_label("Tên đơn vị (có dấu hoặc không dấu)").fill("phuoc thien so 41")
        with page.expect_navigation():
            page.get_by_role("button", name="Xem", exact=True).click()
        gate.check("statistics-search")
        expect(page.locator("table.stats tbody tr")).to_have_count(1)
        expect(page.locator("table.stats tbody th")).to_contain_text("Phước Thiền, huyện Nhơn Trạch cũ, số 41")
        findings = "\n".join(filter(None, [gate.findings(), *server_problems(caplog)]))
    assert not findings, findings
