"""The demo's news is dated relative to its build: the newest is days old on a first start, the others spread over
the past months, and a rebuild does not move what was published."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from lienthong.demo.news import news_load
from lienthong.news.models import Article

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 12, 9, 15, 10, tzinfo=HCM)


def test_the_news_spreads_over_the_past_months_and_none_is_in_the_future():
    # given the demo's news published as of a build on 9/12/2026
    assert news_load(now=NOW) == Article.objects.count() >= 8

    # then it spans the last days to months ago, nothing after the build
    dates = sorted(Article.objects.values_list("published_at", flat=True))
    assert dates[-1] <= NOW and NOW - dates[-1] < dt.timedelta(days=3)
    months = {(d.astimezone(HCM).year, d.astimezone(HCM).month) for d in dates}
    assert len(months) >= 5
    assert sum(1 for d in dates if NOW - d < dt.timedelta(days=31)) >= 3


def test_the_monthly_results_article_names_the_month_before_the_build():
    news_load(now=NOW)
    article = Article.objects.get(slug="ket-qua-giai-quyet-thu-tuc-hanh-chinh-thang-11-2026")
    assert "tháng 11/2026" in article.title and "{" not in article.summary + article.body


def test_a_rebuild_a_few_days_later_moves_nothing():
    news_load(now=NOW)
    before = dict(Article.objects.values_list("slug", "published_at"))

    assert news_load(now=NOW + dt.timedelta(days=5)) == 0
    assert dict(Article.objects.values_list("slug", "published_at")) == before
