"""The public statistics count a small hand-built month exactly as worked out by hand (stats_given.february)."""

from decimal import Decimal

import pytest
import time_machine

from lienthong.dossiers.stats import dossier_counts_by_agency, month_bounds
from lienthong.org.constants import Level
from lienthong.portal.periods import Period
from lienthong.portal.statistics import statistics_compute
from tests.feedback.given import at
from tests.portal.stats_given import NOW, STATS, february_fixture, fresh_stats_cache_fixture  # noqa: F401
from tests.portal.track_given import text

pytestmark = pytest.mark.django_db
FEBRUARY = Period("month", 2026, 2)


def _numbers(row) -> tuple:
    return (row.received, row.finished, row.on_time, row.late, row.on_time_rate, row.overdue_open, row.ratings,
            row.satisfaction)  # fmt: skip


def test_february_per_agency_and_in_all(february, province):
    with time_machine.travel(NOW, tick=False):
        table = statistics_compute(period=FEBRUARY)
    assert [(row.agency_name, _numbers(row)) for row in table.rows] == [
        ("TTPVHCC tỉnh", (0, 1, 1, 0, Decimal("100.0"), 0, 0, None)),
        ("TTPVHCC phường Trấn Biên", (4, 2, 1, 1, Decimal("50.0"), 1, 2, Decimal("3.5"))),
    ]
    assert _numbers(table.total) == (4, 3, 2, 1, Decimal("66.7"), 1, 2, Decimal("3.5"))


def test_the_level_filter_keeps_one_level(february):
    with time_machine.travel(NOW, tick=False):
        communes = statistics_compute(period=FEBRUARY, level=Level.COMMUNE)
        provinces = statistics_compute(period=FEBRUARY, level=Level.PROVINCE)
    assert [row.agency_name for row in communes.rows] == ["TTPVHCC phường Trấn Biên"]
    assert [row.agency_name for row in provinces.rows] == ["TTPVHCC tỉnh"]
    assert _numbers(provinces.total) == (0, 1, 1, 0, Decimal("100.0"), 0, 0, None)


def test_overdue_in_progress_counts_at_the_months_end_or_now(february, province):
    start, end = month_bounds(2026, 2)
    commune = province["commune_centre"].pk

    def overdue(now):
        return {row.agency_id: row.overdue_open for row in dossier_counts_by_agency(start=start, end=end, now=now)}

    assert overdue(at(25, 9))[commune] == 0  # before C's (and B's) due date
    assert overdue(at(25, 11))[commune] == 2  # C, and B not yet finished then
    assert overdue(at(26, 9))[commune] == 1  # B finished at 8:00, late: only C
    assert overdue(NOW)[commune] == 1  # a past month is counted at its end: C


def test_march_is_the_default_month_and_the_page_shows_the_numbers(client, february):
    with time_machine.travel(NOW, tick=False):
        march = text(client.get(STATS))
        page = client.get(STATS, {"ky": "2026-02"})
    assert "tháng 03/2026" in march and "TTPVHCC tỉnh" in march and "TTPVHCC phường Trấn Biên" in march
    assert page.status_code == 200
    february_text = text(page)
    for expected in ["tháng 02/2026", "50,0%", "100,0%", "66,7%", "3,5/5 (2 lượt)", "Tổng cộng"]:
        assert expected in february_text, expected


def test_the_same_table_as_csv(client, february):
    with time_machine.travel(NOW, tick=False):
        response = client.get(STATS, {"ky": "2026-02", "cap": "commune", "xuat": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="thong-ke-2026-02.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Hạng,Cơ quan tiếp nhận,Tiếp nhận,Đã giải quyết")
    assert lines[1:] == ['1,TTPVHCC phường Trấn Biên,4,2,1,1,"50,0",1,2,"3,5"', ',Tổng cộng,4,2,1,1,"50,0",1,2,"3,5"']
