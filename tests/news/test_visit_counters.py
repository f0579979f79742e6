"""Visitor counters cost cache calls on a page view, never a database write; a flush moves them to the database."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lienthong.news import visitors
from lienthong.news.models import VisitDay
from lienthong.news.tasks import visits_flush

pytestmark = pytest.mark.django_db


def _view(client, url="/tra-cuu/", address="203.0.113.1", agent="Mozilla/5.0 (Android)"):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    assert response.status_code == 200
    return response, [query["sql"] for query in captured]


def _pending_today() -> int:
    from django.core.cache import cache

    return cache.get(visitors.pending_key(timezone.localdate()), 0)


def test_a_page_view_costs_the_same_queries_counted_or_not_and_never_writes_the_counts(site_identity_warm, client):
    _, first = _view(client)  # a new visitor: counted
    _, again = _view(client)  # the same visitor: already counted
    _, other = _view(client, address="198.51.100.7")  # another visitor: counted
    assert len(first) == len(again) == len(other)
    assert not [sql for sql in first + again + other if VisitDay._meta.db_table in sql]
    assert _pending_today() == 2


def test_the_news_pages_cost_fixed_queries_once_the_flush_is_done(client, article):
    _view(client, "/tin-tuc/lich-nghi-tet/")  # the first news page of the period flushes, on read
    counts = set()
    for n in range(4):
        _, queries = _view(client, "/tin-tuc/lich-nghi-tet/", address=f"192.0.2.{n}")
        counts.add(len(queries))
        assert not [sql for sql in queries if VisitDay._meta.db_table in sql]
    assert len(counts) == 1


def test_a_visitor_is_counted_once_a_day_whatever_the_pages(client, article):
    for url in ["/tra-cuu/", "/tin-tuc/", "/tin-tuc/lich-nghi-tet/", "/tra-cuu/"]:
        _view(client, url)
    assert _pending_today() + sum(VisitDay.objects.values_list("visits", flat=True)) == 1


def test_officers_pages_the_api_and_robots_are_not_counted(client):
    client.get("/api/v1/health")
    client.get("/admin/login/")
    client.get("/backoffice/login/")
    client.get("/tra-cuu/", HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")
    assert _pending_today() == 0


def test_the_flush_task_writes_the_totals_and_the_footer_shows_them(client):
    VisitDay.objects.create(day=timezone.localdate() - dt.timedelta(days=40), visits=1000)
    for n in range(3):
        _view(client, address=f"203.0.113.{n}")
    assert not VisitDay.objects.filter(day=timezone.localdate()).exists()

    assert visits_flush.call() == 3

    assert VisitDay.objects.get(day=timezone.localdate()).visits == 3
    assert _pending_today() == 0
    html = _view(client, address="203.0.113.0")[0].content.decode()  # seen already: not counted again
    assert "Hôm nay: <strong>3</strong>" in html
    assert "Tháng này: <strong>3</strong>" in html and "Tổng lượt truy cập: <strong>1.003</strong>" in html
    _view(client, address="203.0.113.99")  # counted in the cache, shown before the next flush
    assert visitors.visits_now().today == 4
    assert visits_flush.call() == 1
    assert VisitDay.objects.get(day=timezone.localdate()).visits == 4


def test_the_first_footer_in_a_cache_flushes_and_shows_the_databases_totals(client):
    # given visits already in the database (a process just started: its cache holds no counts and no snapshot)
    VisitDay.objects.create(day=timezone.localdate() - dt.timedelta(days=40), visits=1000)

    html = _view(client)[0].content.decode()

    # then the page's footer shows the totals, its reader among today's visitors and those online, never zeros
    assert "Tổng lượt truy cập: <strong>1.000</strong>" in html
    assert "Đang truy cập: <strong>1</strong>" in html and "Hôm nay: <strong>1</strong>" in html


def test_online_now_counts_distinct_visitors_of_the_last_five_minutes():
    start = 1_800_000_000.0  # aligned to a five-minute window
    visitors.snapshot_store(
        day=timezone.localdate(dt.datetime.fromtimestamp(start, tz=dt.UTC)), today=0, month=0, total=0
    )
    for n in range(4):
        visitors.count_view(address=f"10.0.0.{n}", user_agent="x", now=start + 10)
    visitors.count_view(address="10.0.0.1", user_agent="x", now=start + 20)  # seen already
    assert visitors.visits_now(now=start + 30).online == 4
    visitors.count_view(address="10.0.0.9", user_agent="x", now=start + 300 + 10)
    # a new window: the previous one still weighs (300 - 150) / 300
    assert visitors.visits_now(now=start + 300 + 150).online == 1 + 2
    assert visitors.visits_now(now=start + 900).online == 0
    assert visitors.visits_now(now=start + 900).today == 5


def test_the_visitor_key_holds_no_address_and_changes_every_day():
    day = dt.date(2026, 3, 1)
    key = visitors.visitor_key(address="203.0.113.5", user_agent="Mozilla", day=day)
    assert "203" not in key and len(key) == 32
    assert key != visitors.visitor_key(address="203.0.113.5", user_agent="Mozilla", day=day + dt.timedelta(days=1))
