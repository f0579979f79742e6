"""Issue 11 (19): every answer now carries a strict Content-Security-Policy (no inline script or style). In Chromium,
the pages that run the most script — the API docs (Swagger UI), the admin (its widgets), the back office (htmx) —
and a public page work with no policy violation and no console error."""

import pytest

from tests.backoffice.web_given import PASSWORD
from tests.e2e.browser import artifacts_dir, chromium_page, skip_without_browser

pytestmark = [pytest.mark.django_db(transaction=True), skip_without_browser()]

# Collected in the page's own world by a script the browser injects (not subject to the page's policy).
LISTEN = """document.addEventListener("securitypolicyviolation", (e) => {
  (window.__violations = window.__violations || []).push(`${e.violatedDirective} ${e.blockedURI} @ ${e.sourceFile}`);
});"""


def _violations(page) -> list[str]:
    return page.evaluate("() => window.__violations || []")


def _sign_in(page, url: str, username: str) -> None:
    page.goto(url)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#id_password").press("Enter")


def test_api_docs_admin_back_office_and_a_public_page_run_under_the_policy(
    chromium, live_server, officers, django_user_model
):
    from playwright.sync_api import expect

    django_user_model.objects.create_superuser("quantri", password=PASSWORD)
    seen: dict[str, list[str]] = {}
    shots = artifacts_dir("screenshots", "csp")
    with chromium_page(chromium, width=1280, height=800, base_url=live_server.url,
                       failure_shot=shots / "failure.png") as page:  # fmt: skip
        page.add_init_script(LISTEN)
        policies = []
        page.on("response", lambda r: r.request.resource_type == "document" and policies.append(
            r.headers.get("content-security-policy", "")))  # fmt: skip

        page.goto("/api/v1/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Lien Thong API")
        page.locator(".opblock-summary").first.click()  # an operation unfolds: React renders, styles apply
        expect(page.locator(".opblock-body").first).to_be_visible()
        seen["/api/v1/docs"] = _violations(page)

        _sign_in(page, "/admin/login/", "quantri")
        for path in ("/admin/", "/admin/core/rule/", "/admin/core/rule/add/", "/admin/auth/user/1/change/"):
            page.goto(path)
            expect(page.locator("#content")).to_be_visible()
            seen[path] = _violations(page)

        page.goto("/backoffice/")
        expect(page.locator("main, #main").first).to_be_visible()
        seen["/backoffice/"] = _violations(page)

        page.goto("/")
        seen["/"] = _violations(page)
        problems = list(page.problems)

    assert policies and all("script-src 'self'" in policy for policy in policies), policies
    assert not any("unsafe-inline" in policy for policy in policies)
    assert not any(seen.values()), seen
    assert not problems, problems
