"""Item 12.5: the selectors dashboards use — a figure summed over a period and grouping, and the dossiers behind it."""

import datetime as dt

import pytest

from lienthong.reports.selectors import facts_list, figures_by
from tests.reports.conftest import at

pytestmark = pytest.mark.django_db
MARCH = {"start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 31)}


def test_the_on_time_figure_of_an_agency_lists_its_dossiers(walk, province):
    on_time, late = walk.receive(at(2, 9)), walk.receive(at(2, 9, 30))
    walk.forward(on_time, at(2, 10))
    walk.finish(on_time, at(2, 14))
    walk.forward(late, at(2, 10))
    walk.finish(late, at(9, 14))
    desk = province["commune_centre"].pk

    [row] = figures_by(**MARCH, group_by=["agency_id"], agency_id__in=[desk])

    assert (row["agency_id"], row["received"], row["finished_on_time"], row["finished_late"]) == (desk, 2, 1, 1)
    assert list(facts_list(filters={"counter": "finished_on_time", "agency_id": desk, **MARCH})) == [on_time.pk]
    assert list(facts_list(filters={"counter": "finished_late", "agency_id": desk, **MARCH})) == [late.pk]
    assert len(facts_list(filters={"counter": "received", "agency_id": desk, **MARCH})) == row["received"]
    # a period outside the days counted has neither figure nor list
    april = {"start": dt.date(2026, 4, 1), "end": dt.date(2026, 4, 30)}
    assert figures_by(**april)[0]["received"] == 0
    assert not facts_list(filters={"counter": "received", **april}).exists()


def test_an_unknown_grouping_or_counter_is_refused(db):
    with pytest.raises(ValueError, match="grouped"):
        figures_by(**MARCH, group_by=["applicant"])
    with pytest.raises(ValueError, match="counter"):
        facts_list(filters={"counter": "everything", **MARCH})
