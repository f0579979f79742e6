import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from lienthong.news.constants import Kind

pytestmark = pytest.mark.django_db


def test_the_list_shows_published_articles_newest_first_ten_a_page(client, make_article):
    for _n in range(12):
        make_article()
    html = client.get("/tin-tuc/").content.decode()
    assert "Tin tức, thông báo" in html
    assert html.index("Thông báo số 1<") < html.index("Thông báo số 2<")
    assert "Thông báo số 11" not in html and "Trang 1 / 2" in html
    assert "Thông báo số 11" in client.get("/tin-tuc/?page=2").content.decode()


def test_the_list_filters_news_from_announcements(client, make_article):
    make_article(title="Tin hoạt động", kind=Kind.NEWS)
    make_article(title="Thông báo lịch làm việc", kind=Kind.ANNOUNCEMENT)
    html = client.get("/tin-tuc/?loai=tin-tuc").content.decode()
    main = html.split('class="news-side')[0]
    assert "Tin hoạt động" in main and "Thông báo lịch làm việc" not in main


def test_an_article_page_shows_its_body_and_the_latest_three_announcements(client, article, make_article):
    for _n in range(4):
        make_article()
    response = client.get("/tin-tuc/lich-nghi-tet/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Lịch nghỉ Tết Nguyên đán" in html
    assert "<p>Nội dung thông báo.</p>" in html and "<p>Đoạn thứ hai.</p>" in html
    side = html.split('class="news-side')[1]
    assert side.count("<li>") == 3


def test_unpublished_and_future_articles_are_hidden(client, make_article):
    make_article(title="Bản nháp", slug="ban-nhap", is_published=False)
    make_article(title="Hẹn giờ đăng", slug="hen-gio", published_at=timezone.now() + dt.timedelta(days=1))
    html = client.get("/tin-tuc/").content.decode()
    assert "Bản nháp" not in html and "Hẹn giờ đăng" not in html
    assert client.get("/tin-tuc/ban-nhap/").status_code == 404
    assert client.get("/tin-tuc/hen-gio/").status_code == 404


def test_the_nav_links_to_the_news(client):
    assert 'href="/tin-tuc/"' in client.get("/tra-cuu/").content.decode()


def test_the_pages_are_in_english_when_chosen(client, article):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    listing = client.get("/tin-tuc/").content.decode()
    assert "News and announcements" in listing and "Latest announcements" in listing
    page = client.get("/tin-tuc/lich-nghi-tet/").content.decode()
    assert "Send a comment" in page and "Rate this article" in page


def test_the_pager_of_a_filtered_list_keeps_its_filter(client, make_article):
    for _n in range(12):
        make_article(kind=Kind.NEWS)
    html = client.get("/tin-tuc/?loai=tin-tuc").content.decode()
    assert 'href="?loai=tin-tuc&amp;page=2"' in html and "Trang 1 / 2" in html
    assert 'href="?loai=tin-tuc&amp;page=1"' in client.get("/tin-tuc/?loai=tin-tuc&page=2").content.decode()
