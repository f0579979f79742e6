"""WCAG-minded basics on every find page: the language is declared, one h1 and no skipped heading level, every
input has a label, the search is a plain GET form, and no script is needed."""

import re

import pytest

from tests.portal.find_given import BIRTH, SEARCH  # noqa: F401

PAGES = ["/", SEARCH, f"{SEARCH}?q=khai+sinh", f"/thu-tuc/{BIRTH}/", "/thu-tuc/9.999999/"]


@pytest.mark.parametrize("url", PAGES)
def test_page_structure(client, catalogue, url):
    html = client.get(url).content.decode()
    assert '<html lang="vi">' in html
    assert "<script" not in html
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    main = html.split('<main id="main">', 1)[1]
    for input_id in re.findall(r'<(?:input|select)[^>]*\sid="([^"]+)"', main):
        assert f'for="{input_id}"' in main, input_id
    for form in re.findall(r"<form[^>]*>", main):
        assert 'method="get"' in form


def test_the_search_form_keeps_what_was_asked(client, catalogue):
    html = client.get(SEARCH, {"q": "khai sinh", "field": "H19-HOTICH"}).content.decode()
    assert 'value="khai sinh"' in html
    assert '<option value="H19-HOTICH" selected>' in html
