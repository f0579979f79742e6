"""/thong-ke/ ranks the units by their Decision 766 total (ties: the best on-time rate, then the most finished),
shows them 20 to a page whatever page number is asked, finds a unit by name with or without diacritics, and takes a
month, a quarter or a year from the URL — anything else is answered with a Vietnamese message over the current month,
never a 500."""

import re

import pytest
import time_machine

from lienthong.portal.periods import Period, period_parse
from tests.feedback.given import at, received
from tests.portal.stats_given import (  # noqa: F401
    NOW,
    STATS,
    agencies_add,
    february_at,
    february_fixture,
    fresh_stats_cache_fixture,
    ranking_of,
    read_model_ready,
)
from tests.portal.track_given import text

pytestmark = pytest.mark.django_db


@pytest.fixture(name="given")
def given_fixture(province, officers, procedure, applicant, form_data, documents):
    return (province, officers, procedure, applicant, form_data, documents)


def test_units_are_ranked_by_their_index_then_by_on_time_rate_then_by_the_number_finished(
    client, province, officers, given
):
    """Each desk is its own commune-level unit. By hand (qd766-2026-v1), every one with 12 points for having no
    complaint: on time 3 of 3 and 1 of 1 score 20 for progress and 6 for satisfaction (38.00, a tie the larger
    number finished breaks); 1 on time of 2 scores 10 and 6 × 50 % ÷ 90 % = 3.33 (25.33); the one still open
    past its due date at the month's end scores 0 and 0 (12.00)."""
    half, all_of_one, all_of_three, none_finished = agencies_add(province, officers, 4, start=40)
    february_at(given, half, on_time=1, late=1)
    february_at(given, all_of_one, on_time=1, late=0)
    february_at(given, all_of_three, on_time=3, late=0)
    received(*given, agency=none_finished)
    read_model_ready()
    with time_machine.travel(NOW, tick=False):
        response = client.get(STATS, {"ky": "2026-02"})
    assert ranking_of(response) == ["1. Trung tâm 42", "2. Trung tâm 41", "3. Trung tâm 40", "4. Trung tâm 43"]
    scores = re.findall(r'data-label="Chỉ số phục vụ">([^<]*)<', response.content.decode())
    assert scores == ["38,00", "38,00", "25,33", "12,00", "—"]  # the total row has no score


def test_twenty_to_a_page_and_an_out_of_range_page_is_the_last_one(client, province, officers, given):
    for key in agencies_add(province, officers, 23, start=40):
        received(*given, agency=key)
    read_model_ready()
    with time_machine.travel(NOW, tick=False):
        first = client.get(STATS, {"ky": "2026-02"})
        second = client.get(STATS, {"ky": "2026-02", "page": "2"})
        beyond = client.get(STATS, {"ky": "2026-02", "page": "99"})
        garbage = client.get(STATS, {"ky": "2026-02", "page": "abc"})
    assert len(ranking_of(first)) == 20 and ranking_of(second) == [f"{n}. Trung tâm {n + 39}" for n in (21, 22, 23)]
    assert ranking_of(beyond) == ranking_of(second) and ranking_of(garbage) == ranking_of(first)
    assert "Trang 1 / 2" in text(first) and 'href="?ky=2026-02&amp;page=2"' in first.content.decode()
    assert all(response.status_code == 200 for response in (first, second, beyond, garbage))


@pytest.mark.parametrize("query", ["Phước Thiền", "phuoc thien", "THIEN PHUOC"])
def test_search_by_name_with_or_without_diacritics(client, province, officers, given, query):
    names = "Ủy ban nhân dân xã Phước Thiền {n}"
    keys = agencies_add(province, officers, 2, start=40, name=names) + agencies_add(province, officers, 1, start=50)
    for key in keys:
        received(*given, agency=key)
    read_model_ready()
    with time_machine.travel(NOW, tick=False):
        response = client.get(STATS, {"ky": "2026-02", "co_quan": query})
    found = ranking_of(response)
    assert [name.split(". ", 1)[1] for name in found] == ["Ủy ban nhân dân xã Phước Thiền 40",
                                                          "Ủy ban nhân dân xã Phước Thiền 41"]  # fmt: skip
    # the top units' chart (and its table of values) says "UBND", as Vietnamese write it when space is short
    assert '<th scope="row">UBND xã Phước Thiền 40</th>' in response.content.decode()


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("2026-02", Period("month", 2026, 2)),
        ("2026-Q1", Period("quarter", 2026, 1)),
        ("2025", Period("year", 2025, 1)),
        ("2026-13", None),
        ("2026-Q5", None),
        ("2026-Q2", None),  # on 10/3/2026 the second quarter has not begun: not offered
        ("2019-01", None),
        ("tháng hai", None),
        ("", None),
        ("2026-02' OR 1=1", None),
    ],
)
def test_period_parsing_takes_only_the_periods_offered(key, expected):
    assert period_parse(key, today=NOW.date()) == expected


def test_a_quarter_and_a_year_count_their_months_together(client, february, province, officers, given):
    received(*given, when=at(5, 10, month=1))  # January, at the commune centre
    read_model_ready()
    with time_machine.travel(NOW, tick=False):
        quarter = text(client.get(STATS, {"ky": "2026-Q1"}))
        year = text(client.get(STATS, {"ky": "2026"}))
    assert "Toàn tỉnh, quý I/2026" in quarter and "Toàn tỉnh, năm 2026" in year
    # January 2 received (E at the centre 30/1, this one), February 4, March 1 (F): 7 in the quarter and the year
    for page in (quarter, year):
        assert "Tiếp nhận 7" in page


@pytest.mark.parametrize("bad", [{"ky": "2099-01"}, {"ky": "<script>"}, {"ky": "2026-02", "cap": "galaxy"}])
def test_bad_input_gets_a_vietnamese_message_over_the_current_month(client, february, bad):
    with time_machine.travel(NOW, tick=False):
        response = client.get(STATS, bad)
    page = text(response)
    assert response.status_code == 400
    assert "Kỳ thống kê không hợp lệ" in page or "Cấp không hợp lệ" in page
    assert "<script>" not in response.content.decode().split("</h1>", 1)[1].split("Kỳ thống kê")[0]
    if "ky" in bad and bad["ky"] != "2026-02":
        assert "Toàn tỉnh, tháng 03/2026" in page


def test_the_figures_the_index_and_its_trend_show_the_province(client, february):
    """February by hand: progress 1 on time of 4 received × 20 = 5.00; satisfaction 0 for the dossiers (B late,
    C and D open past due at the month's end: 75 % overdue, B rated 2.5: 25 % disliked) and 6 + 6 for no
    complaint; nothing else is held (no competent agency, no decision date, no result file): 17.00. January: E
    received, on time by its month's end (due 4/2): progress 20, satisfaction 6 × 100 % ÷ 90 % capped at 6, 12."""
    with time_machine.travel(NOW, tick=False):
        response = client.get(STATS, {"ky": "2026-02"})
    page, html = text(response), response.content.decode()
    assert "Tiếp nhận 4 Đã giải quyết 3 Tỷ lệ đúng hạn 66,7% Đang quá hạn 2" in page
    assert "Chỉ số phục vụ người dân, doanh nghiệp: 17,00 / 100 điểm" in page
    assert "Tiến độ giải quyết 5,00 /20" in page and "Mức độ hài lòng 12,00 /18" in page
    assert html.count('role="img"') == 3  # the groups, the index's trend and the top units
    assert "Chỉ số phục vụ của toàn tỉnh theo tháng" in page and "03/2025" in page and "02/2026" in page
    assert '<th scope="row">02/2026</th><td class="num">17</td>' in html  # the trend's values in a table
    assert '<th scope="row">01/2026</th><td class="num">38</td>' in html
    assert '<th scope="row">12/2025</th><td class="num">—</td>' in html  # no dossier: a gap, not 12 points


def test_the_excel_export_has_the_ranked_table(client, february):
    import io

    from openpyxl import load_workbook

    with time_machine.travel(NOW, tick=False):
        response = client.get(STATS, {"ky": "2026-02", "xuat": "xlsx"})
    assert 'filename="thong-ke-2026-02.xlsx"' in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:5] == ("Hạng", "Đơn vị", "Điểm Chỉ số phục vụ (/100)", "Tiếp nhận", "Đã giải quyết")
    assert [row[:5] for row in rows[2:]] == [(1, "UBND phường Trấn Biên", 17, 4, 2), (2, "TTPVHCC tỉnh", 12, 0, 1),
                                             (None, "Tổng cộng", None, 4, 3)]  # fmt: skip


def test_a_warm_page_draws_and_reads_nothing_the_fragments_hold_the_charts(client, february):
    from unittest import mock

    from django.conf import settings

    from lienthong.core import charts

    with time_machine.travel(NOW, tick=False):
        client.get(STATS, {"ky": "2026-02"})
        with (
            mock.patch.object(charts, "_chart") as chart,
            mock.patch("lienthong.portal.views.stats.public_trend") as trend,
        ):
            warm = client.get(STATS, {"ky": "2026-02"}).content.decode()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = client.get(STATS, {"ky": "2026-02"}).content.decode()
    assert not chart.called and not trend.called
    assert warm.count('role="img"') == 3 and "Chỉ số phục vụ của toàn tỉnh theo tháng" in warm
    assert "Service index of the province by month" in english  # its own fragments
    assert "Chỉ số phục vụ của toàn tỉnh theo tháng" not in english


def test_a_frozen_month_shows_in_the_trend_as_it_was_frozen(client, february, given):
    """January frozen on 1/2 with E alone (38.00: test above); a dossier received on 5/1 and still open past its due
    date, added later, changes January's live score but not the trend, which shows the month as published."""
    from lienthong.portal.periods import Period as PortalPeriod
    from lienthong.portal.statistics import public_trend
    from lienthong.reports.index766 import Period as IndexPeriod
    from lienthong.reports.index766 import province_scores
    from lienthong.reports.snapshots import snapshot_take

    snapshot_take(period=IndexPeriod("month", 2026, 1), now=at(1, 1))
    received(*given, when=at(5, 10, month=1))
    read_model_ready()
    with time_machine.travel(NOW, tick=False):
        months = public_trend(period=PortalPeriod("month", 2026, 2))
        trend = {(month.year, month.month): month.total for month in months}
        page = client.get(STATS, {"ky": "2026-02"}).content.decode()
        live = province_scores(period=IndexPeriod("month", 2026, 1)).province.score.total
    assert str(trend[(2026, 1)]) == "38.00" and str(trend[(2026, 2)]) == "17.00"
    assert str(live) != "38.00"  # the month did change since it was frozen
    assert '<th scope="row">01/2026</th><td class="num">38</td>' in page
