"""On a phone the statistics of hundreds of agencies are too long to scroll: a name, typed with or without
diacritics and in any word order, narrows the table, and the totals are those of what is shown."""

import pytest
import time_machine

from tests.portal.find_given import text_of as text  # the page's main content: the footer names the centre
from tests.portal.stats_given import NOW, STATS, february_fixture, fresh_stats_cache_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["TTPVHCC phường Trấn Biên", "tran bien ttpvhcc", "TRAN BIEN"])
def test_a_name_narrows_the_table_to_that_agency(client, february, query):
    with time_machine.travel(NOW, tick=False):
        everything = text(client.get(STATS, {"thang": "2026-02"}))
        narrowed = text(client.get(STATS, {"thang": "2026-02", "co_quan": query}))
    assert "TTPVHCC tỉnh" in everything and "TTPVHCC phường Trấn Biên" in everything
    assert "TTPVHCC phường Trấn Biên" in narrowed and "TTPVHCC tỉnh" not in narrowed


def test_a_name_that_matches_nothing_says_so(client, february):
    with time_machine.travel(NOW, tick=False):
        page = text(client.get(STATS, {"thang": "2026-02", "co_quan": "Sở Không Có"}))
    assert "Chưa có hồ sơ nào trong tháng này." in page
