"""The dashboard's scores are cached per period, yet a figure never lags the list behind it: a change to a fact
received in a month makes that month's (and its quarter's, its year's) cached scores stale at once; a month
untouched keeps its cache."""

import pytest

from lienthong.reports.dashboard import scores_for
from lienthong.reports.index766 import Period
from tests.reports.conftest import at

pytestmark = pytest.mark.django_db(transaction=True)  # the read model's changes commit, as in production


def received(period: Period) -> int:
    return scores_for(period).province.counts.get("dossiers_received", 0)


def test_a_new_dossier_shows_at_once_in_its_months_quarters_and_years_cached_scores(walk):
    march, quarter, year, april = (Period("month", 2026, 3), Period("quarter", 2026, 1), Period("year", 2026),
                                   Period("month", 2026, 4))  # fmt: skip
    walk.receive(at(2, 8))
    assert (received(march), received(quarter), received(year), received(april)) == (1, 1, 1, 0)

    walk.receive(at(3, 8))
    walk.receive(at(6, 9, month=4))

    assert (received(march), received(quarter), received(year), received(april)) == (2, 2, 3, 1)


def test_a_month_nothing_touched_is_served_from_the_cache(walk, django_assert_num_queries):
    walk.receive(at(2, 8))
    february = Period("month", 2026, 2)
    scores_for(february)
    walk.receive(at(3, 8))  # March moves; February does not

    with django_assert_num_queries(0):
        scores_for(february)
