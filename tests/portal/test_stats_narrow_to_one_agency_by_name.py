"""On a phone the statistics of over a hundred units are too long to scroll: a name, typed with or without
diacritics and in any word order, narrows the table, and the totals are those of what is shown."""

import pytest
import time_machine

from tests.portal.find_given import text_of as text  # the page's main content: the footer names the centre
from tests.portal.stats_given import NOW, STATS, february_fixture, fresh_stats_cache_fixture, ranking_of  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["TTPVHCC tỉnh", "tinh ttpvhcc", "TỈNH"])
def test_a_name_narrows_the_table_to_that_unit(client, february, query):
    with time_machine.travel(NOW, tick=False):
        everything = ranking_of(client.get(STATS, {"ky": "2026-02"}))
        narrowed = ranking_of(client.get(STATS, {"ky": "2026-02", "co_quan": query}))
    # the commune's 17.00 points before the provincial centre's 12.00 (test_stats_numbers_match_a_hand_count)
    assert everything == ["1. UBND phường Trấn Biên", "2. TTPVHCC tỉnh"]
    assert narrowed == ["2. TTPVHCC tỉnh"]  # its rank among all, not among those found


def test_a_name_that_matches_nothing_says_so(client, february):
    with time_machine.travel(NOW, tick=False):
        page = text(client.get(STATS, {"ky": "2026-02", "co_quan": "Sở Không Có"}))
    assert "Không có đơn vị nào có tên như vậy có hồ sơ trong kỳ này." in page
