"""Debian's Chromium driven by Playwright, for the tests that must see the pages as an officer's browser does.

The browser is the system's (`/usr/bin/chromium`, or `LIENTHONG_CHROMIUM`): Playwright never downloads one. Without
it the browser tests are skipped with the reason, except under CI (`CI=true`), where a missing browser fails them.
"""

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 10_000  # a page of ours answers in well under a second; waiting longer only hides a hang


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _missing(reason: str):
    if on_ci():
        pytest.fail(f"{reason} — CI must run the browser tests (.ci/run installs Debian's chromium and Playwright)")
    pytest.skip(reason)


def _chromium_path() -> str:
    return os.environ.get("LIENTHONG_CHROMIUM") or DEFAULT_CHROMIUM


def why_no_browser() -> str:
    """What is missing to run the browser tests, or "" when nothing is."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    path = _chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return f"no Chromium at {path} (apt-get install chromium, or set LIENTHONG_CHROMIUM)"
    return ""


def skip_without_browser() -> pytest.MarkDecorator:
    """Skip before any fixture (no test database is built for nothing) — but never under CI, where the
    `chromium` fixture then fails the test instead."""
    reason = why_no_browser()
    return pytest.mark.skipif(bool(reason) and not on_ci(), reason=reason or "browser available")


def chromium_executable() -> str:
    """The browser to drive, or skip (fail under CI) saying what is missing."""
    if reason := why_no_browser():
        _missing(reason)
    return _chromium_path()


def artifacts_dir(*parts: str) -> Path:
    """Where screenshots go: `LIENTHONG_TEST_ARTIFACTS`, else var/test-artifacts of the checkout (git-ignored)."""
    base = Path(os.environ.get("LIENTHONG_TEST_ARTIFACTS") or ROOT / "var" / "test-artifacts")
    folder = base.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextlib.contextmanager
def chromium_page(executable: str, *, width: int, height: int, base_url: str, failure_shot: Path) -> Iterator:
    """A fresh page in a fresh browser, Vietnamese, at the given viewport; failed requests, console errors and
    uncaught script errors are collected on `page.problems`, and if the test fails inside the `with`, the page as
    it was is saved to `failure_shot`.

    The browser lives only inside the `with`: Playwright's sync API keeps an event loop running on this thread, and
    Django refuses ORM calls from a thread with a running loop — so the test reads the database before and after.
    """
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--disable-dev-shm-usage"])
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height}, base_url=base_url, locale="vi-VN",
                timezone_id="Asia/Ho_Chi_Minh",
            )  # fmt: skip
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            page.problems = []

            def bad_response(response) -> None:
                # /favicon.ico: the back office declares no icon, so Chromium asks for one and gets a 404 (reported)
                if response.status >= 400 and not response.url.endswith("/favicon.ico"):
                    page.problems.append(f"HTTP {response.status} {response.request.method} {response.url}")

            def console_error(message) -> None:
                if message.type == "error" and not message.text.startswith("Failed to load resource"):  # see above
                    page.problems.append(f"console: {message.text} @ {page.url}")

            page.on("response", bad_response)
            page.on("console", console_error)
            page.on("pageerror", lambda e: page.problems.append(f"script error: {e} @ {page.url}"))
            page.on("dialog", lambda dialog: dialog.accept())  # the danger buttons confirm (backoffice.js)
            try:
                yield page
            except BaseException:
                with contextlib.suppress(Exception):
                    page.screenshot(path=failure_shot, full_page=True)
                raise
            context.close()
        finally:
            browser.close()


def has_no_horizontal_overflow(page) -> tuple[bool, str]:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right >"
        " document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className).join(', ')]"
    )
    scroll, client, culprits = widths
    return scroll <= client, f"{page.url}: scrollWidth {scroll} > clientWidth {client}; wider: {culprits}"
