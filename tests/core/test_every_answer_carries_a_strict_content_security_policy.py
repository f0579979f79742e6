"""Issue 11 (19): no Content-Security-Policy was sent. Every answer — public pages, the back office, the admin, the API
and its docs — now carries one that allows script and style from this server only, and no template would need more:
none holds an inline `<script>`, a `style="…"` attribute or an `on…=` handler (which the policy would block)."""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "lienthong"
# Rendered to PDF by WeasyPrint, never sent to a browser as HTML: their <style> and style="" are the print layout.
PRINTED = {
    "dossiers/templates/dossiers/documents",
    "board/templates/board/compliance_pdf.html",
    "reports/templates/reports/_pdf_head.html",  # the leaders' dashboard's PDF layout (overview_pdf, unit_pdf)
    "catalogue/templates/catalogue/declaration.html",  # the blank or filled declaration, printed to PDF
    "readiness/templates/readiness/overview_pdf.html",  # the readiness view's PDF export
    "roadmaps/templates/roadmaps/unit_pdf.html",  # a unit's roadmap as a PDF
}

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=[\"']application/json)[^>]*>", re.IGNORECASE)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/tra-cuu/", "/backoffice/login/", "/admin/login/", "/api/v1/docs", "/api/v1/health"]
)
def test_the_answer_allows_script_and_style_from_this_server_only(client, path):
    policy = _policy(client.get(path))
    assert policy["default-src"] == "default-src 'self'"
    assert policy["script-src"] == "script-src 'self'" and policy["style-src"] == "style-src 'self'"
    assert policy["object-src"] == "object-src 'none'" and policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert policy["base-uri"] == "base-uri 'self'" and policy["form-action"] == "form-action 'self'"


def _served_templates() -> list[Path]:
    return [
        path
        for path in sorted(SRC.glob("*/templates/**/*.html"))
        if not any(str(path.relative_to(SRC)).startswith(printed) for printed in PRINTED)
    ]


def test_no_template_served_as_html_carries_inline_script_style_or_handlers():
    templates = _served_templates()
    assert len(templates) > 40, "the template glob is out of date"
    offending = {}
    for path in templates:
        html = path.read_text(encoding="utf-8")
        found = [pattern.search(html) for pattern in (INLINE_SCRIPT, STYLE, HANDLER)]
        if hits := [match.group(0) for match in found if match]:
            offending[str(path.relative_to(SRC))] = hits
    assert not offending, offending
