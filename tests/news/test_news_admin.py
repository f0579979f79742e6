import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.news.models import Article, Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("quantri", "q@example.vn", "mat-khau-dai-123"))
    return client


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/admin/", "Tin tức, thông báo"),
        ("/admin/news/article/", "Bài viết"),
        ("/admin/news/article/add/", "Ngày đăng"),
        ("/admin/news/comment/", "Duyệt các bình luận đã chọn"),
    ],
)
def test_the_news_admin_speaks_vietnamese(admin_client, article, url, expected):
    Comment.objects.create(article=article, name="An", text="Chào")  # the actions show only above a list of rows
    response = admin_client.get(url)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_an_article_saved_in_the_admin_is_sanitised_and_signed(admin_client):
    response = admin_client.post(
        "/admin/news/article/add/",
        {
            "title": "Thông báo mới",
            "slug": "thong-bao-moi",
            "kind": "announcement",
            "summary": "",
            "body": "<p>Nội dung<script>alert(1)</script></p>",
            "published_at_0": "01/03/2026",
            "published_at_1": "08:00:00",
            "is_published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.body == "<p>Nội dung</p>" and article.author.username == "quantri"


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/admin/news/comment/", "/admin/news/article/"])
def test_the_lists_cost_the_same_for_one_row_or_twenty(admin_client, make_article, url):
    def make(count):
        for _n in range(count):
            article = make_article()
            Comment.objects.create(article=article, name="An", text="Chào")

    make(1)
    one = _queries(admin_client, url)
    make(19)
    assert _queries(admin_client, url) == one
