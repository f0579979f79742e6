"""The shared charts (core/charts.py): inline SVG a screen reader can name (role img, title, desc), responsive (a
viewBox, width 100%), the same bytes for the same data, and a second render of the same chart read from the cache
without calling matplotlib."""

import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import translation

from lienthong.core import charts

MONTHS = [f"{month:02d}/2026" for month in range(1, 13)]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _trend(values=(90, 91.5, None, 88, 95, 97, 99, 100, 93, 92, 94, 96)):
    return charts.trend(title="Tỷ lệ đúng hạn theo tháng", desc="Từ 01/2026 đến 12/2026", labels=MONTHS,
                        values=list(values), y_label="Tỷ lệ đúng hạn (%)", percent=True)  # fmt: skip


def _bars():
    labels = ["Sở Tư pháp", "UBND xã Phú Hữu", "Sở Xây dựng"]
    return charts.ranked_bars(title="Cơ quan đúng hạn nhất", desc="Mười cơ quan", x_label="%", percent=True,
                              labels=labels, values=[75, 100, 50.5])  # fmt: skip


def test_the_svg_is_named_for_a_screen_reader_and_fits_any_width():
    svg = str(_bars().svg)
    opening = svg[: svg.index(">") + 1]
    assert svg.startswith("<svg") and "<?xml" not in svg and "<!DOCTYPE" not in svg
    assert 'role="img"' in opening and 'width="100%"' in opening and "viewBox=" in opening and "height=" not in opening
    title_id, desc_id = re.search(r'aria-labelledby="(\S+) (\S+)"', opening).groups()
    assert f'<title id="{title_id}">Cơ quan đúng hạn nhất</title>' in svg
    assert f'<desc id="{desc_id}">Mười cơ quan</desc>' in svg
    assert "UBND xã Phú Hữu" in svg  # text stays text, Vietnamese intact, no outlines


def test_no_inline_css_that_the_content_security_policy_would_block():
    svg = str(_trend().svg) + str(_bars().svg)
    assert "style=" not in svg and "<style" not in svg
    assert 'fill="#0a4a94"' in svg or 'stroke="#0a4a94"' in svg  # the colours kept, as presentation attributes


def test_a_long_name_is_cut_in_the_middle_on_the_chart_and_whole_in_the_table():
    name = "Ủy ban nhân dân xã Phước Thiền, huyện Nhơn Trạch cũ, số 41"
    chart = charts.ranked_bars(title="t", desc="d", labels=[name], values=[80], x_label="%")
    assert "Ủy ban nhân d…rạch cũ, số 41" in str(chart.svg) and chart.rows[0][0] == name


def test_two_charts_on_one_page_share_no_id():
    ids = [set(re.findall(r'\sid="([^"]+)"', str(chart.svg))) for chart in (_trend(), _bars())]
    assert ids[0] and ids[1] and not ids[0] & ids[1]


def test_bars_are_ranked_longest_first_and_the_rows_carry_the_values():
    chart = _bars()
    assert chart.rows == [("UBND xã Phú Hữu", "100,0%"), ("Sở Tư pháp", "75,0%"), ("Sở Xây dựng", "50,5%")]


def test_a_month_without_data_is_a_gap_in_the_table_not_a_zero():
    assert _trend().rows[2] == ("03/2026", "—")


def test_the_distribution_counts_each_value_in_one_bin():
    chart = charts.distribution(title="Số ngày trễ", desc="", values=[0, 0.5, 1, 4, 5, 30, 31], x_label="ngày",
                                y_label="hồ sơ", bin_edges=[0, 1, 5, 30])  # fmt: skip
    assert chart.rows == [("0–1", "2"), ("1–5", "2"), ("5–30", "2")]  # 31 lies beyond the last edge


def test_identical_data_gives_identical_bytes_even_rendered_afresh():
    first = str(_trend().svg)
    cache.clear()
    assert str(_trend().svg) == first
    assert str(_trend(values=[50] * 12).svg) != first


def test_a_second_render_of_the_same_chart_calls_no_matplotlib():
    _trend()
    with mock.patch("matplotlib.figure.Figure.savefig") as savefig, mock.patch.object(charts, "_render") as render:
        again = _trend()
    assert not savefig.called and not render.called
    assert "<svg" in again.svg


def test_each_language_has_its_own_entry():
    with translation.override("vi"):
        _trend()
    with translation.override("en"), mock.patch.object(charts, "_render", wraps=charts._render) as render:
        chart = _trend()
    assert render.call_count == 1
    assert chart.rows[1] == ("02/2026", "91.5%")  # English number format


def _stacked(as_share=True):
    return charts.stacked_bars(
        title="Cơ quan theo cấp và trạng thái", desc="Cấp tỉnh: 1 chưa kết nối, 3 đang kết nối; cấp xã: 90",
        labels=["Cấp tỉnh", "Cấp xã"], x_label="% số cơ quan của cấp", as_share=as_share,
        series=[("○ Chưa kết nối", [1, 0], "#c9ced4"), ("✓ Đang kết nối", [3, 90], "#1e6b34")],
    )  # fmt: skip


def test_stacked_bars_name_each_series_write_the_counts_and_list_every_value():
    chart = _stacked()
    svg = str(chart.svg)
    assert 'role="img"' in svg and "Cơ quan theo cấp và trạng thái</title>" in svg
    assert "○ Chưa kết nối" in svg and "✓ Đang kết nối" in svg  # the legend: colour is not the only cue
    assert ">3<" in svg and ">90<" in svg  # the counts on their segments, as text
    assert 'fill="#1e6b34"' in svg and "style=" not in svg
    assert chart.rows == [("Cấp tỉnh — ○ Chưa kết nối", "1"), ("Cấp tỉnh — ✓ Đang kết nối", "3"),
                          ("Cấp xã — ○ Chưa kết nối", "0"), ("Cấp xã — ✓ Đang kết nối", "90")]  # fmt: skip


def test_stacked_bars_as_shares_draw_each_level_whole():
    """1 + 3 and 0 + 90 both fill the axis to 100 %: the province's 4 units are as legible as the communes' 90 — their
    segments are wide enough to carry their counts, which they are not when drawn to one scale of counts."""
    texts = [re.findall(r">(\d+)</text>", str(_stacked(as_share=share).svg)) for share in (True, False)]
    as_share, counted = texts
    assert as_share == ["0", "20", "40", "60", "80", "100", "1", "3", "90"]  # the axis's ticks, then the counts
    assert counted == ["0", "20", "40", "60", "80", "90"]  # 1 and 3 too narrow to write on (the table has them)
