import pytest

from lienthong.news.markup import body_clean, body_html

pytestmark = pytest.mark.django_db


def test_scripts_event_handlers_and_javascript_links_are_removed():
    dirty = (
        '<p onclick="steal()">Xin chào<script>alert(1)</script> <a href="javascript:alert(1)">x</a></p>'
        "<style>p{}</style>"
    )
    clean = body_clean(dirty)
    assert "script" not in clean and "onclick" not in clean and "javascript" not in clean and "style" not in clean
    assert clean.startswith("<p>Xin chào")


def test_allowed_markup_and_links_are_kept():
    clean = body_clean(
        '<h2>Mục 1</h2><ul><li><strong>Một</strong></li></ul><a href="https://dichvucong.gov.vn">DVC</a>'
    )
    assert "<h2>Mục 1</h2>" in clean and "<strong>Một</strong>" in clean
    assert 'href="https://dichvucong.gov.vn"' in clean and 'rel="noopener noreferrer nofollow"' in clean


def test_plain_text_is_escaped_into_paragraphs():
    assert (
        body_html("Giờ làm việc: 7h30 & 13h30\n\nNghỉ lễ") == "<p>Giờ làm việc: 7h30 &amp; 13h30</p>\n\n<p>Nghỉ lễ</p>"
    )


def test_a_script_stored_by_other_means_never_reaches_the_page(client, make_article):
    make_article(slug="chen-ma", body="<p>Nội dung</p><script>alert('x')</script><img src=x onerror=alert(1)>")
    html = client.get("/tin-tuc/chen-ma/").content.decode()
    assert "alert" not in html and "<p>Nội dung</p>" in html
