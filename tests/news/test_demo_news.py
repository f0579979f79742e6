import pytest

from lienthong.demo.news import news_load
from lienthong.news.models import Article

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_its_articles_once(client):
    assert news_load() == Article.objects.count() >= 4
    assert news_load() == 0
    html = client.get("/tin-tuc/").content.decode()
    assert "sắp xếp đơn vị hành chính" in html and "Tết Nguyên đán Bính Ngọ" in html
