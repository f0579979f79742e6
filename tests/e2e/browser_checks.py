"""Quality gates a browser test runs on each page it reaches: accessibility (axe-core against WCAG 2.1 A and AA), the
bytes and requests the page costs, no horizontal scrolling, no console or script error, no HTTP error.

Any test can use them — the public pages' tour (test_public_pages_in_a_browser.py) and a flow through a form alike:

    with public_browser(chromium, width=390, height=844, base_url=live_server.url, shots=folder) as gate:
        gate.visit("/", "home")                        # go there and check it
        gate.page.get_by_label("Tìm theo tên hoặc mã thủ tục").fill("khai sinh")
        with gate.page.expect_navigation():            # wait for the next page, not the one left behind
            gate.page.get_by_role("button", name="Tìm").click()
        gate.check("search")                           # check the page an action led to
        findings = gate.findings()                     # read them after the `with` (see below)
    assert not findings, findings

`check` measures everything Chromium fetched since the previous check (a POST, its redirect and the page after it
count as one page) with its cache off, so each page is weighed as a first visit on a phone. It never stops at the
first failure: a run reports every page's problems at once. With JavaScript off, axe cannot run (it waits on timers)
and is skipped; the same HTML is checked with JavaScript on. Like `browser.chromium_page`, the browser lives only
inside the `with`: read and write the database before it and after it, never inside (Django refuses ORM calls from a
thread where Playwright's event loop runs).
"""

import contextlib
import json
import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.e2e.browser import TIMEOUT_MS, has_no_horizontal_overflow

AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")  # WCAG 2.1, levels A and AA
AXE_BLOCKING = ("serious", "critical")  # axe's "moderate" and "minor" do not fail the gate (impacts=() shows them)


@dataclass(frozen=True)
class Budget:
    """The most a page may cost a first-time visitor: bytes on the wire (headers and bodies, as transferred) and
    requests, redirects included."""

    kilobytes: float
    requests: int


@dataclass
class Weight:
    """What one page cost: each response's (status, bytes, URL) and the totals."""

    name: str
    url: str
    responses: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(size for _status, size, _url in self.responses)

    @property
    def requests(self) -> int:
        return len(self.responses)

    def over(self, budget: Budget) -> str:
        """What exceeds the budget, or ""."""
        excess = []
        if self.bytes > budget.kilobytes * 1024:
            excess.append(f"{self.bytes / 1024:.1f} KB > {budget.kilobytes} KB")
        if self.requests > budget.requests:
            excess.append(f"{self.requests} requests > {budget.requests}")
        if not excess:
            return ""
        listing = "; ".join(f"{status} {size} B {url}" for status, size, url in self.responses)
        return f"over budget: {', '.join(excess)} ({listing})"


class Traffic:
    """Every request Chromium makes for the page, counted through its DevTools protocol with the cache disabled.

    A response's bytes are `Network.loadingFinished`'s `encodedDataLength`: headers and body as they crossed the
    network (compressed if the server compressed them) — what a citizen's data plan pays for.
    """

    def __init__(self, page) -> None:
        self._pending: dict[str, str] = {}
        self._status: dict[str, int] = {}
        self._done: list[tuple[int, int, str]] = []
        cdp = page.context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._received)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self._cdp = cdp

    def _sent(self, event: dict) -> None:
        url = event["request"]["url"]
        if url.startswith("data:"):
            return
        if redirect := event.get("redirectResponse"):  # the same request id goes on to the redirect's target
            self._done.append((redirect["status"], int(redirect.get("encodedDataLength") or 0), redirect["url"]))
        self._pending[event["requestId"]] = url

    def _received(self, event: dict) -> None:
        self._status[event["requestId"]] = event["response"]["status"]

    def _finished(self, event: dict) -> None:
        if (url := self._pending.pop(event["requestId"], None)) is not None:
            status = self._status.pop(event["requestId"], 0)
            self._done.append((status, int(event.get("encodedDataLength") or 0), url))

    def _failed(self, event: dict) -> None:
        if (url := self._pending.pop(event["requestId"], None)) is not None:
            self._done.append((self._status.pop(event["requestId"], 0), 0, url))

    def settle(self, page, *, timeout_ms: int = TIMEOUT_MS) -> None:
        """Wait until the page has loaded and every request it made has finished."""
        page.wait_for_load_state("load")
        waited = 0
        while self._pending and waited < timeout_ms:
            page.wait_for_timeout(20)  # also lets Playwright deliver the protocol's events
            waited += 20

    def take(self) -> list[tuple[int, int, str]]:
        """The responses finished since the last take."""
        done, self._done = self._done, []
        return done


def axe_violations(page, *, tags=AXE_TAGS, impacts=AXE_BLOCKING) -> list[dict]:
    """axe-core's violations of the page as it is now, limited to `tags` and (if given) `impacts`. The axe-core
    that runs is the one the axe-playwright-python wheel bundles: nothing is downloaded."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    violations = Axe().run(page, options=options).response["violations"]
    return [v for v in violations if not impacts or v["impact"] in impacts]


def axe_report(violations: list[dict], *, nodes: int = 5) -> str:
    """One paragraph per rule: what it checks, where it failed (CSS selectors) and why, in axe's words."""
    lines = []
    for violation in violations:
        lines.append(f"  axe {violation['id']} [{violation['impact']}]: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:nodes]:
            why = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    - {', '.join(map(str, node['target']))}: {why}")
        if len(violation["nodes"]) > nodes:
            lines.append(f"    … and {len(violation['nodes']) - nodes} more")
    return "\n".join(lines)


class Gate:
    """The checks for one browser page, recorded as findings rather than raised, with each page's weight."""

    def __init__(self, page, *, label: str, shots: Path | None, budget: Budget | None, axe: bool = True) -> None:
        self.page, self.label, self.shots, self.budget, self.axe = page, label, shots, budget, axe
        self.traffic = Traffic(page)
        self.problems: list[str] = []  # HTTP >= 400, console errors, script errors, as they happen
        self.failures: list[str] = []
        self.weights: list[Weight] = []
        page.on("response", self._response)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error} @ {page.url}"))

    def _response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status} {response.request.method} {response.url}")

    def _console(self, message) -> None:
        # a failed load is also a response >= 400, reported once above with its method and URL
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error: {message.text} @ {self.page.url}")

    def go(self, path: str) -> None:
        """Go to `path` without checking it (a page on the way): the next check weighs only what follows."""
        self.page.goto(path)
        self.skip()

    def skip(self) -> None:
        """Leave the page the browser shows now unweighed and unchecked (a page on the way); its HTTP and console
        errors still count, at the next check."""
        self.traffic.settle(self.page)
        self.traffic.take()

    def visit(self, path: str, name: str, **options) -> Weight:
        """Go to `path` and check the page there."""
        self.page.goto(path)
        return self.check(name, **options)

    def check(
        self, name: str, *, budget: Budget | None = None, overflow: bool = True, shot: bool = True,
        status: int | None = None,
    ) -> Weight:  # fmt: skip
        """Check the page the browser shows now (after `visit`, or after a click or a submit that navigated).
        `status`: the HTTP status this page is meant to answer with (a form sent back with its errors: 400; an
        unknown code: 404), which is then not a finding; any other status >= 400 still is."""
        page = self.page
        if status is not None:
            answered = f"HTTP {status} "
            self.problems = [p for p in self.problems if not (p.startswith(answered) and p.endswith(f" {page.url}"))]
        self.traffic.settle(page)
        weight = Weight(name, page.url, self.traffic.take())
        self.weights.append(weight)
        where = f"{name} ({self.label}) {page.url}"
        if (budget := budget or self.budget) and (excess := weight.over(budget)):
            self.failures.append(f"{where}: {excess}")
        if overflow:
            fits, detail = has_no_horizontal_overflow(page)
            if not fits:
                self.failures.append(f"{where}: horizontal scrolling: {detail}")
        if self.axe and (violations := axe_violations(page)):
            self.failures.append(f"{where}: accessibility\n{axe_report(violations)}")
        problems, self.problems = self.problems, []
        self.failures.extend(f"{where}: {problem}" for problem in problems)
        if shot and self.shots:
            page.screenshot(path=self.shots / f"{len(self.weights):02d}-{name}.png", full_page=True)
        return weight

    def findings(self) -> str:
        """Every failure so far, one page's after another ("" when there is none)."""
        return "\n".join(self.failures + self.problems)

    def save_weights(self, path: Path) -> None:
        """The pages' weights as JSON, for docs/performance.md and for comparing runs."""
        rows = [asdict(w) | {"bytes": w.bytes, "requests": w.requests} for w in self.weights]
        path.write_text(json.dumps(rows, indent=1, ensure_ascii=False))


def server_problems(caplog, *, expected: tuple[str, ...] = ()) -> list[str]:
    """What Django logged as a warning or an error while serving the live server's pages: every HTTP >= 400 is
    logged there, including those the page never sees (Chromium's own request for /favicon.ico). `expected`: the
    messages a test provokes on purpose, e.g. "Bad Request: /tra-cuu/"."""
    return [
        f"server: {message}"
        for record in caplog.records
        if record.name.startswith("django.")
        and record.levelno >= logging.WARNING
        and (message := record.getMessage()) not in expected
    ]


@contextlib.contextmanager
def public_browser(
    executable: str, *, width: int, height: int, base_url: str, shots: Path | None = None,
    budget: Budget | None = None, javascript: bool = True, axe: bool = True, locale: str = "vi-VN",
    label: str = "",
) -> Iterator[Gate]:  # fmt: skip
    """A fresh Chromium at the given viewport, as a citizen's browser (Vietnamese, Hồ Chí Minh City time, JavaScript
    on or off), with a `Gate` on its page. Screenshots go to `shots`, and if the test fails inside the `with`, the
    page as it was goes to `shots`/failure.png."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--disable-dev-shm-usage"])
        try:
            context = browser.new_context(
                viewport={"width": width, "height": height}, base_url=base_url, locale=locale,
                timezone_id="Asia/Ho_Chi_Minh", java_script_enabled=javascript,
            )  # fmt: skip
            context.set_default_timeout(TIMEOUT_MS)
            page = context.new_page()
            # axe-core waits on timers, which never fire with JavaScript off: such a page is checked without it
            # (its HTML is the same as with JavaScript on, where axe checks it).
            gate = Gate(page, label=label or f"{width}×{height}", shots=shots, budget=budget, axe=axe and javascript)
            try:
                yield gate
            except BaseException:
                if shots:
                    with contextlib.suppress(Exception):
                        page.screenshot(path=shots / "failure.png", full_page=True)
                raise
            context.close()
        finally:
            browser.close()


def sign_in_officer(gate: Gate, username: str, password: str) -> None:
    """Sign an officer in through the back office's own form (a page on the way, unweighed)."""
    page = gate.page
    gate.go("/backoffice/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    gate.skip()
