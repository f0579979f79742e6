"""The public pages in a real browser (Debian's Chromium through Playwright), at a phone's and a desktop's size, with
demo-like data: every page a citizen meets passes axe-core's WCAG 2.1 A/AA rules (no serious or critical
violation), fits the phone's width, logs no console error, gets no HTTP error, and stays within its weight budget.
With JavaScript off, the core path still works: find a procedure from the home page, open it, track a dossier.

Screenshots land in var/test-artifacts/screenshots/public/<size>/ and each page's weight in
var/test-artifacts/page-weight/public-<size>.json (or under LIENTHONG_TEST_ARTIFACTS). The budgets below are the ones
docs/performance.md ("Page weight and requests of the public pages") argues for.
"""

import re

import pytest
from django.core.cache import cache

from lienthong.core import charts
from lienthong.demo.news import news_load
from lienthong.news.models import Article
from tests.dossiers.conftest import applicant, documents, form_data  # noqa: F401
from tests.e2e.browser import artifacts_dir, skip_without_browser
from tests.e2e.browser_checks import Budget, public_browser, server_problems
from tests.feedback.given import at, received, returned
from tests.portal.find_given import BIRTH, catalogue  # noqa: F401
from tests.portal.stats_given import february_fixture  # noqa: F401
from tests.portal.track_given import PHONE_DIGITS, Given

# live_server serves from another thread, so the data must be committed: a transactional test, flushed after
# (tests/e2e/test_backoffice_in_a_browser.py says why it must not rely on rows the migrations seed).
pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}

# A page of text and forms on a cheap phone over a slow network (docs/performance.md): at most 60 KB on the wire
# and 5 requests on a first visit. None of these pages carries an image; a page that does gets its own line here.
PAGE_WITHOUT_IMAGES = Budget(kilobytes=60, requests=5)
BUDGETS = {
    name: PAGE_WITHOUT_IMAGES
    for name in (
        "home", "search", "procedure", "track-empty", "track-found", "stats", "news", "article", "sign-in",
        "sign-up", "rate", "procedure-en",
    )
}  # fmt: skip
STATS_MONTH = "2026-02"  # the month tests/portal/stats_given.py builds by hand


@pytest.fixture
def site(province, officers, procedure, applicant, form_data, documents, catalogue, february):  # noqa: F811
    """What a visitor of the demo meets: the catalogue, a month of statistics, the demo's news, a dossier waiting
    for its fees to be paid (tracked by code and the phone's last four digits) and a returned one to rate."""
    charts.trend(title="", desc="", labels=["01/2026"], values=[1], y_label="")  # matplotlib: imported now
    cache.clear()  # the statistics, the home page's lists and the tracking rate limit live there
    given = Given(province, officers, procedure, applicant, form_data, documents)
    tracked = given.fees_notified()
    to_rate = received(province, officers, procedure, applicant, form_data, documents)
    to_rate = returned(to_rate, officers, finished_at=at(24, 8), returned_at=at(24, 9))
    news_load()
    article = Article.objects.filter(is_published=True).order_by("-published_at").first()
    yield {"tracked": tracked.code, "to_rate": to_rate.code, "article": article.slug, "article_title": article.title}
    cache.clear()


def _fresh_folder(*parts: str):
    folder = artifacts_dir(*parts)
    for old in folder.glob("*.png"):  # a page renamed or dropped leaves no stale picture behind
        old.unlink()
    return folder


def _track(page, code: str, digits: str) -> None:
    """Look a dossier up through the tracking page's own form, as its applicant does."""
    page.get_by_label("Mã số hồ sơ").fill(code)
    page.get_by_label(re.compile("4 số cuối")).fill(digits)
    with page.expect_navigation():
        page.get_by_role("button", name="Tra cứu").click()


@pytest.mark.parametrize("size", list(SIZES))
def test_the_public_pages_pass_the_quality_gates_at_a_phone_and_a_desktop_size(
    chromium, live_server, site, size, caplog
):
    from playwright.sync_api import expect

    width, height = SIZES[size]
    shots = _fresh_folder("screenshots", "public", size)
    browser = public_browser(chromium, width=width, height=height, base_url=live_server.url, shots=shots, label=size)
    with browser as gate:
        page = gate.page

        def visit(path: str, name: str) -> None:
            gate.visit(path, name, budget=BUDGETS[name])

        visit("/", "home")
        visit("/thu-tuc/?q=khai sinh", "search")
        expect(page.get_by_role("link", name="Đăng ký khai sinh", exact=True)).to_be_visible()
        visit(f"/thu-tuc/{BIRTH}/", "procedure")
        expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")

        visit("/tra-cuu/", "track-empty")
        _track(page, site["tracked"], PHONE_DIGITS)
        gate.check("track-found", budget=BUDGETS["track-found"])
        expect(page.locator("#track-status")).to_contain_text("Vui lòng nộp các khoản phí")

        visit(f"/thong-ke/?ky={STATS_MONTH}", "stats")
        expect(page.locator("table.stats")).to_be_visible()
        expect(page.locator("svg[role=img]").first).to_be_visible()
        visit("/tin-tuc/", "news")
        visit(f"/tin-tuc/{site['article']}/", "article")
        expect(page.get_by_role("heading", level=1)).to_have_text(site["article_title"])
        visit("/tai-khoan/dang-nhap/", "sign-in")
        visit("/tai-khoan/dang-ky/", "sign-up")

        # the rating page is reached as its applicant reaches it: through the look-up of the returned dossier
        gate.go("/tra-cuu/")
        _track(page, site["to_rate"], PHONE_DIGITS)
        gate.skip()
        with page.expect_navigation():
            page.get_by_role("link", name="Đánh giá", exact=True).click()
        gate.check("rate", budget=BUDGETS["rate"])
        expect(page.get_by_role("heading", level=1)).to_have_text("Đánh giá mức độ hài lòng")

        # the English version of a page, through the header's language link
        gate.go(f"/thu-tuc/{BIRTH}/")
        with page.expect_navigation():
            page.get_by_role("link", name="English").click()
        gate.check("procedure-en", budget=BUDGETS["procedure-en"])
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", level=1)).to_have_attribute("lang", "vi")  # the catalogue's own words

        findings = "\n".join(filter(None, [gate.findings(), *server_problems(caplog)]))
        gate.save_weights(artifacts_dir("page-weight") / f"public-{size}.json")
    assert not findings, findings


def test_without_javascript_a_citizen_finds_a_procedure_and_tracks_a_dossier(chromium, live_server, site, caplog):
    from playwright.sync_api import expect

    width, height = SIZES["phone"]
    browser = public_browser(
        chromium, width=width, height=height, base_url=live_server.url, javascript=False,
        shots=_fresh_folder("screenshots", "public", "no-javascript"), budget=PAGE_WITHOUT_IMAGES,
        label="phone, no JavaScript",
    )  # fmt: skip
    with browser as gate:
        page = gate.page
        gate.visit("/", "home")
        page.get_by_label("Tìm theo tên hoặc mã thủ tục").fill("khai sinh")
        with page.expect_navigation():
            page.get_by_role("search").get_by_role("button", name="Tìm").click()
        gate.check("search")
        assert "/thu-tuc/?q=khai+sinh" in page.url, page.url
        with page.expect_navigation():
            page.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
        gate.check("procedure")
        expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
        expect(page.get_by_role("heading", name="Thành phần hồ sơ")).to_be_visible()

        with page.expect_navigation():
            page.get_by_role("navigation", name="Chính").get_by_role("link", name="Tra cứu hồ sơ").click()
        gate.check("track-empty")
        _track(page, site["tracked"], PHONE_DIGITS)
        gate.check("track-found")
        expect(page.locator("#track-status")).to_contain_text("Vui lòng nộp các khoản phí")
        expect(page.get_by_text(site["tracked"])).to_be_visible()
        findings = "\n".join(filter(None, [gate.findings(), *server_problems(caplog)]))
    assert not findings, findings
