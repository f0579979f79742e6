"""The readiness view's map (issue 16; next-capabilities §7.2 asks a choropleth of the 95 communes): no commune
boundary ships with any package installable offline, so it is a tile map — one square per commune near its former
district's approximate centre (data/tiles-75.json, from the statistics office's conversion table), coloured by the
chosen rate in steps a legend names, its value written in the square, and every commune in the table beside it."""

import json
import re
from pathlib import Path

import pytest
from django.test import override_settings

from lienthong.readiness import tilemap
from lienthong.readiness.selectors import CommuneReadiness, period_current, readiness_rows
from lienthong.readiness.services import period_get, record_save
from tests.readiness.conftest import answers

pytestmark = pytest.mark.django_db
DATA = json.loads((Path(tilemap.__file__).parent / "data" / "tiles-75.json").read_text(encoding="utf-8"))


def _row(code: str, name: str, smartphone: float | None) -> CommuneReadiness:
    return CommuneReadiness(agency_id=int(code), code=code, name=name, record=None, rates={"smartphone": smartphone},
                            received=10, online=4)  # fmt: skip


@override_settings(LIENTHONG_PROVINCE_CODE="75")
def test_the_95_communes_of_dong_nai_each_get_their_own_tile_near_their_former_district():
    codes = tuple(sorted(DATA["communes"]))
    assert len(codes) == 95 and len(DATA["districts"]) == 22
    places, districts = tilemap._placement("75", codes)
    assert len(places) == 95 and len(set(places.values())) == 95  # one tile each, none shared
    assert districts["25195"] == "Thành phố Đồng Xoài" and districts["26041"] == "Thành phố Biên Hòa"
    # Bình Phước's former districts lie north of Đồng Nai's: their tiles sit on the rows above
    north = [row for code, (_c, row) in places.items() if DATA["communes"][code] < "700"]
    south = [row for code, (_c, row) in places.items() if DATA["communes"][code] > "700"]
    assert max(north) < max(south) and min(north) < min(south)
    assert min(col for col, _r in places.values()) == 0 and min(row for _c, row in places.values()) == 0
    south_only = tilemap._placement("75", tuple(c for c in codes if DATA["communes"][c] > "700"))[0]
    assert min(row for _c, row in south_only.values()) == 0  # a part of the province: no empty rows above it
    # a commune known by a former commune's code (the final list's An Lộc) is placed with its district
    assert tilemap._placement("75", ("25336",))[1] == {"25336": "Thị xã Bình Long"}


@override_settings(LIENTHONG_PROVINCE_CODE="75")
def test_the_map_colours_each_tile_writes_its_value_and_lists_every_commune():
    rows = [_row("25195", "Phường Bình Phước", 0.91), _row("26041", "Phường Trấn Biên", 0.55),
            _row("26332", "Xã Xuân Quế", None), _row("99999", "Xã Ở Đâu", 0.7)]  # fmt: skip
    chart = tilemap.communes_map(rows, rate="smartphone")
    svg = str(chart.svg)
    assert 'role="img"' in svg and "<title" in svg and "không phải ranh giới" in svg
    assert ">91<" in svg and ">55<" in svg and ">70<" in svg  # each value written in its square
    assert "50–60" in svg and "90–100" in svg and "Chưa có số liệu" in svg  # the legend's steps and the hatched
    assert chart.rows == [
        ("Phường Bình Phước (Thành phố Đồng Xoài)", "91,0%"),
        ("Phường Trấn Biên (Thành phố Biên Hòa)", "55,0%"),
        ("Xã Xuân Quế (Huyện Cẩm Mỹ)", "—"),
        ("Xã Ở Đâu", "70,0%"),  # a commune the data does not place still has its tile, below the province
    ]
    online = tilemap.communes_map(rows, rate="online")
    assert online.rows[0] == ("Phường Bình Phước (Thành phố Đồng Xoài)", "40,0%")
    assert tilemap.communes_map(rows, rate="nonsense").title == chart.title  # an unknown rate: the default


def test_the_view_shows_the_map_by_the_chosen_rate_with_its_table(client, monitor, communes):
    year, quarter = period_current()
    period = period_get(year=year, quarter=quarter)
    record_save(period=period, agency=communes["26001"], values=answers(1))
    client.force_login(monitor)
    page = client.get("/backoffice/lo-trinh/san-sang-so/?ban_do=vneid").content.decode()
    assert "Bản đồ ô các xã, phường: tỷ lệ người trưởng thành có vneid mức 2" in page.replace("VNeID", "vneid")
    assert re.search(r'<option value="vneid"\s+selected', page)
    assert len(readiness_rows(period=period, with_figures=False)) == 95
    assert page.count("Xã Số ") >= 95  # every commune in the map's table
