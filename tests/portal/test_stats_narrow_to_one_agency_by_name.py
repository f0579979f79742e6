"""On a phone the statistics of hundreds of agencies are too long to scroll: a name, typed with or without
diacritics and in any word order, narrows the table, and the totals are those of what is shown."""

import pytest
import time_machine

from tests.portal.find_given import text_of as text  # the page's main content: the footer names the centre
from tests.portal.stats_given import NOW, STATS, february_fixture, fresh_stats_cache_fixture, ranking_of  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["TTPVHCC phường Trấn Biên", "tran bien ttpvhcc", "TRAN BIEN"])
def test_a_name_narrows_the_table_to_that_agency(client, february, query):
    with time_machine.travel(NOW, tick=False):
        everything = ranking_of(client.get(STATS, {"ky": "2026-02"}))
        narrowed = ranking_of(client.get(STATS, {"ky": "2026-02", "co_quan": query}))
    assert everything == ["1. TTPVHCC tỉnh", "2. TTPVHCC phường Trấn Biên"]
    assert narrowed == ["2. TTPVHCC phường Trấn Biên"]  # its rank among all, not among those found


def test_a_name_that_matches_nothing_says_so(client, february):
    with time_machine.travel(NOW, tick=False):
        page = text(client.get(STATS, {"ky": "2026-02", "co_quan": "Sở Không Có"}))
    assert "Không có cơ quan nào có tên như vậy có hồ sơ trong kỳ này." in page
