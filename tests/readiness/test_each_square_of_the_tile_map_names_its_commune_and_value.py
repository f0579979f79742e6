"""The readiness tile map's squares carry their names: each square is an image of its own whose <title> says the
commune (with its former district) and its value — what a hover shows and a screen reader reads — and the number
written in it, said by that name already, is hidden from a screen reader and lets a hover through to the square."""

import re

import pytest
from django.test import override_settings

from lienthong.readiness import tilemap
from lienthong.readiness.selectors import CommuneReadiness

pytestmark = pytest.mark.django_db


def _row(code: str, name: str, smartphone: float | None) -> CommuneReadiness:
    return CommuneReadiness(agency_id=int(code), code=code, name=name, record=None, rates={"smartphone": smartphone},
                            received=10, online=4)  # fmt: skip


@override_settings(LIENTHONG_PROVINCE_CODE="75")
def test_every_square_has_a_title_with_its_commune_and_value():
    rows = [_row("25195", "Phường Bình Phước", 0.91), _row("26041", "Phường Trấn Biên", 0.55),
            _row("26332", "Xã Xuân Quế", None), _row("99999", "Xã Ở Đâu", 0.7)]  # fmt: skip

    svg = str(tilemap.communes_map(rows, rate="smartphone").svg)

    squares = re.findall(r'<g role="img"><title>([^<]*)</title>', svg)
    assert squares == [
        "Phường Bình Phước (Thành phố Đồng Xoài): 91,0%",
        "Phường Trấn Biên (Thành phố Biên Hòa): 55,0%",
        "Xã Xuân Quế (Huyện Cẩm Mỹ): Chưa có số liệu",
        "Xã Ở Đâu: 70,0%",
    ]
    # the map is a group of named images, itself named by the chart's title and description
    assert re.match(r'<svg [^>]*role="group" aria-labelledby="chart-\w+-title chart-\w+-desc"', svg)
    numbers = re.findall(r'<g aria-hidden="true" pointer-events="none"> <text[^>]*>(\d+)</text>', svg)
    assert numbers == ["91", "55", "70"]
    assert 'id="tile-' not in svg  # the gids were only the way to find the squares


def test_a_name_with_markup_is_escaped_in_its_title():
    from lienthong.core import charts

    chart = charts.tile_map(title="T", desc="D", tiles=[("Xã <A> & B", 12.0, 0, 0)], legend_title="%",
                            missing_label="Chưa có số liệu")  # fmt: skip
    assert "<title>Xã &lt;A&gt; &amp; B: 12,0%</title>" in str(chart.svg)
