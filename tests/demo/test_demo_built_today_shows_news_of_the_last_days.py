"""A newcomer's first start shows news of the last few days, not of the year before."""

import datetime as dt

import pytest
from django.utils import timezone

from lienthong.news.selectors import article_list_published

pytestmark = pytest.mark.django_db


def test_the_newest_news_of_the_built_demo_is_days_old(demo):
    newest = article_list_published().first()
    assert timezone.now() - dt.timedelta(days=3) <= newest.published_at <= timezone.now()
