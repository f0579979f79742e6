"""The public statistics count a small hand-built month exactly as worked out by hand (stats_given.february), per
unit answering for the dossiers (a commune centre's dossiers count to its commune's people's committee), and each
figure is the reporting read model's: the daily figures, the facts, and the unit's Decision 766 total."""

import re
from decimal import Decimal

import pytest
import time_machine

from lienthong.org.constants import Level
from lienthong.portal.periods import Period
from lienthong.portal.statistics import statistics_compute
from lienthong.reports import index766
from lienthong.reports.selectors import figures_by
from tests.feedback.given import at
from tests.portal.stats_given import NOW, STATS, february_fixture, fresh_stats_cache_fixture  # noqa: F401
from tests.portal.track_given import text

pytestmark = pytest.mark.django_db
FEBRUARY = Period("month", 2026, 2)


def _numbers(row) -> tuple:
    return (row.received, row.finished, row.on_time, row.late, row.on_time_rate, row.overdue_open, row.ratings,
            row.satisfaction)  # fmt: skip


def test_february_per_unit_and_in_all(february, province):
    """Now (10/3) C is open past its due date (25/2) at the commune; D, waiting for a supplement since 13/2, is not
    overdue (its clock stands still); F, received 2/3 at the provincial centre with 3 working days, is past due."""
    with time_machine.travel(NOW, tick=False):
        table = statistics_compute(period=FEBRUARY)
    numbers = {row.name: _numbers(row) for row in table.rows}
    assert numbers == {
        "TTPVHCC tỉnh": (0, 1, 1, 0, Decimal("100.0"), 1, 0, None),
        "UBND phường Trấn Biên": (4, 2, 1, 1, Decimal("50.0"), 1, 2, Decimal("3.5")),
    }
    assert _numbers(table.total) == (4, 3, 2, 1, Decimal("66.7"), 2, 2, Decimal("3.5"))


def test_each_figure_is_the_read_models(client, february, province):
    """The unit's counts are the daily figures summed by unit, its index the engine's score of the unit, the
    ranking by that score, and the province's index the province's score — in the table and on the page."""
    with time_machine.travel(NOW, tick=False):
        table = statistics_compute(period=FEBRUARY)
        scores = index766.province_scores(period=index766.Period("month", 2026, 2))
        page = client.get(STATS, {"ky": "2026-02", "cap": "commune"}).content.decode()
    commune = figures_by(start=at(1, 0).date(), end=at(28, 0).date(), unit_id=province["committee"].pk)[0]
    first_row = page.split('<table class="stack stats">')[1].split("</tr>", 2)[1]  # past the headings' row
    cells = dict(re.findall(r'<td class="num" data-label="([^"]+)">([^<]*)</td>', first_row))
    assert cells["Tiếp nhận"] == str(commune["received"]) == "4"
    assert cells["Đã giải quyết"] == str(commune["finished"]) == "2"
    total = scores.unit(province["committee"].pk).score.total
    assert cells["Chỉ số phục vụ"] == f"{total:.2f}".replace(".", ",")
    figures = {f["unit_id"]: f for f in figures_by(start=at(1, 0).date(), end=at(28, 0).date(), group_by=["unit_id"])}
    for row in table.rows:
        assert (row.received, row.finished, row.on_time, row.late) == (
            figures[row.unit_id]["received"], figures[row.unit_id]["finished"],
            figures[row.unit_id]["finished_on_time"], figures[row.unit_id]["finished_late"],
        )  # fmt: skip
        assert row.index_total == scores.unit(row.unit_id).score.total
    assert [row.rank for row in table.rows] == [1, 2]
    assert [row.index_total for row in table.rows] == sorted((row.index_total for row in table.rows), reverse=True)
    assert table.index.total == scores.province.score.total
    groups = scores.province.score.groups
    assert [(g.code, g.points) for g in table.index.groups] == [(g.code, g.points) for g in groups]
    assert sum(g.points for g in table.index.groups) == table.index.total


def test_the_level_filter_keeps_departments_or_communes(february, province):
    with time_machine.travel(NOW, tick=False):
        communes = statistics_compute(period=FEBRUARY, level=Level.COMMUNE)
        provinces = statistics_compute(period=FEBRUARY, level=Level.PROVINCE)
    assert [row.name for row in communes.rows] == ["UBND phường Trấn Biên"]
    assert [row.name for row in provinces.rows] == ["TTPVHCC tỉnh"]
    assert _numbers(provinces.total) == (0, 1, 1, 0, Decimal("100.0"), 1, 0, None)
    assert communes.rows[0].rank == provinces.rows[0].rank == 1  # ranked among its own level


def test_overdue_in_progress_counts_the_open_dossiers_past_due_when_looked_at(february, province):
    def overdue(now) -> int:
        with time_machine.travel(now, tick=False):
            table = statistics_compute(period=FEBRUARY, level=Level.COMMUNE)
        return table.rows[0].overdue_open

    assert overdue(at(25, 9)) == 0  # before C's and D's due date
    assert overdue(at(25, 11)) == 1  # C open past it; D waits for a supplement; B has ended (26/2)
    assert overdue(NOW) == 1


def test_march_is_the_default_month_and_the_page_shows_the_numbers(client, february):
    with time_machine.travel(NOW, tick=False):
        march = text(client.get(STATS))
        page = client.get(STATS, {"ky": "2026-02"})
    assert "tháng 03/2026" in march and "TTPVHCC tỉnh" in march  # F, received in March
    assert page.status_code == 200
    february_text = text(page)
    for expected in ["tháng 02/2026", "50,0%", "100,0%", "66,7%", "3,5/5 (2 lượt)", "Tổng cộng",
                     "UBND phường Trấn Biên", "Chỉ số phục vụ người dân, doanh nghiệp"]:  # fmt: skip
        assert expected in february_text, expected


def test_the_same_table_as_csv(client, february, province):
    with time_machine.travel(NOW, tick=False):
        response = client.get(STATS, {"ky": "2026-02", "cap": "commune", "xuat": "csv"})
        total = index766.province_scores(period=index766.Period("month", 2026, 2)).unit(province["committee"].pk)
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="thong-ke-2026-02.csv"' in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Hạng,Đơn vị,Điểm Chỉ số phục vụ (/100),Tiếp nhận,Đã giải quyết")
    score = f"{total.score.total:.2f}".replace(".", ",")
    assert lines[1:] == [f'1,UBND phường Trấn Biên,"{score}",4,2,1,1,"50,0",1,2,"3,5"',
                         ',Tổng cộng,,4,2,1,1,"50,0",1,2,"3,5"']  # fmt: skip
