import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from lienthong.news.constants import Kind
from lienthong.news.models import Article


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Visit counters and comment limits live in the (per-process) cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_article(db):
    made = iter(range(1, 10_000))

    def make(**fields) -> Article:
        n = next(made)
        values = {
            "title": f"Thông báo số {n}",
            "slug": f"thong-bao-so-{n}",
            "kind": Kind.ANNOUNCEMENT,
            "summary": f"Tóm tắt {n}",
            "body": "Nội dung thông báo.\n\nĐoạn thứ hai.",
            "published_at": timezone.now() - dt.timedelta(hours=n),
            "is_published": True,
        }
        return Article.objects.create(**(values | fields))

    return make


@pytest.fixture
def article(make_article) -> Article:
    return make_article(title="Lịch nghỉ Tết Nguyên đán", slug="lich-nghi-tet")
