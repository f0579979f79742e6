"""The public pages' header and footer are rendered once per language and kept (`{% chrome %}`,
portal/templatetags/portal_chrome.py), their `{% translate %}` literals too (portal_i18n), and the footer's visitor
counters are read at most every few seconds (news/visitors.py): none of it may change a byte of a page, show one
page's path or one language's words on another, or hide a flush (docs/performance.md, bench/track)."""

import re

import pytest
from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from lienthong.news import visitors
from lienthong.portal.templatetags.portal_chrome import ChromeReadsTheContext

pytestmark = pytest.mark.django_db


def _unkept(source: str) -> str:
    """base.html as it would be without the chrome: slots as plain variables, Django's own `translate`."""
    source = source.replace("{% chrome %}", "").replace("{% endchrome %}", "")
    source = re.sub(r"{% chrome_slot (.+?) %}", r"{{ \1 }}", source)
    return source.replace(" portal_i18n", "").replace(" portal_chrome", "")


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("path", ["/tra-cuu/", '/thu-tuc/?q=h%E1%BB%99+t%E1%BB%8Bch&x=<b>&y="1"', "/"])
def test_the_kept_chrome_renders_byte_for_byte_what_the_template_says(language, path):
    source = get_template("portal/base.html").template.source
    unkept = engines["django"].from_string(_unkept(source))
    for _ in range(2):  # the first render keeps the chrome, the second reuses it
        request = RequestFactory().get(path)
        with translation.override(language):
            assert render_to_string("portal/base.html", request=request) == unkept.render(request=request)


def test_each_page_gets_its_own_path_in_the_language_link(client):
    first = client.get("/tra-cuu/", {"code": "A-1", "digits": "12"}).content.decode()
    second = client.get("/thu-tuc/").content.decode()
    assert 'href="/ngon-ngu/en/?next=/tra-cuu/%3Fcode%3DA-1%26digits%3D12"' in first
    assert 'href="/ngon-ngu/en/?next=/thu-tuc/"' in second and "A-1" not in second


def test_each_language_gets_its_own_chrome(client):
    vietnamese = client.get("/tra-cuu/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/tra-cuu/?code=B").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    again = client.get("/tra-cuu/").content.decode()
    assert ">Thủ tục</a>" in vietnamese and ">English</a>" in vietnamese and '<html lang="vi">' in vietnamese
    assert ">Procedures</a>" in english and ">Tiếng Việt</a>" in english and '<html lang="en">' in english
    assert 'href="/ngon-ngu/vi/?next=/tra-cuu/%3Fcode%3DB"' in english
    assert again == vietnamese


def test_a_chrome_may_read_only_the_language():
    engine = engines["django"]
    request = RequestFactory().get("/")
    kept = engine.from_string("{% load portal_chrome %}{% chrome %}{{ LANGUAGE_CODE }}:{% if True %}ok{% endif %}"
                              "{% endchrome %}")  # fmt: skip
    with translation.override("en"):
        assert kept.render(request=request) == "en:ok"
    reads_user = engine.from_string("{% load portal_chrome %}{% chrome %}{{ user.username }}{% endchrome %}")
    with pytest.raises(ChromeReadsTheContext, match="'user'"):
        reads_user.render(request=request)
    with pytest.raises(TemplateSyntaxError, match="block"):
        engine.from_string("{% load portal_chrome %}{% chrome %}{% block x %}{% endblock %}{% endchrome %}")


def test_kept_translations_follow_the_active_language():
    page = engines["django"].from_string(
        '{% load i18n portal_i18n %}{% translate "Thủ tục" %}|{% translate "Tra cứu hồ sơ" noop %}|'
        '{% translate "Thủ tục" as kept %}{{ kept }}'
    )
    for language, expected in [("vi", "Thủ tục|Tra cứu hồ sơ|Thủ tục"), ("en", "Procedures|Tra cứu hồ sơ|Procedures"),
                               ("vi", "Thủ tục|Tra cứu hồ sơ|Thủ tục")]:  # fmt: skip
        with translation.override(language):
            assert page.render({}) == expected


def _footer(client, language="vi") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/tra-cuu/", REMOTE_ADDR="203.0.113.1").content.decode()
    return html[html.index('<footer class="site">') :]


def test_the_footer_counters_are_at_most_a_few_seconds_old_and_a_flush_shows_at_once(client, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    clock = [1000.0]
    monkeypatch.setattr("lienthong.news.templatetags.news_tags.time.monotonic", lambda: clock[0])
    assert "Hôm nay: <strong>1</strong>" in _footer(client)  # the first footer flushed (nothing yet): its reader
    visitors.snapshot_store(day=timezone.localdate(), today=7, month=70, total=1007)  # a flush: shown at once
    assert "Hôm nay: <strong>8</strong>" in _footer(client)
    assert "Today: <strong>8</strong>" in _footer(client, "en")  # each language its own words
    visitors.count_view(address="198.51.100.9", user_agent="Mozilla/5.0")  # a new visitor, in the cache
    clock[0] += visitors.SHOWN_SECONDS - 1
    assert "Hôm nay: <strong>8</strong>" in _footer(client)  # within the window: what was shown
    clock[0] += 2
    assert "Hôm nay: <strong>9</strong>" in _footer(client)  # past it: read again
    assert "Today: <strong>9</strong>" in _footer(client, "en")
    cache.clear()
    visitors.shown_forget()
