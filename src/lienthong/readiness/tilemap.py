"""The communes on a tile map: one square per commune, placed on a grid near its former district's approximate centre
(data/tiles-<province>.json), coloured by a rate (core.charts.tile_map). Not a choropleth of boundaries: no commune
boundary of the 2025 reform ships with any package this project can install offline (docs/readiness.md). A commune the
data does not place (another province, a new commune) goes on the rows below the province, in code order."""

import functools
import json
import math
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from lienthong.core import charts
from lienthong.readiness.selectors import CommuneReadiness

DATA = Path(__file__).parent / "data"
STEP = 0.085  # degrees of latitude/longitude per tile: the province's 95 communes on about 11 × 17 tiles
MAP_RATES = ("smartphone", "vneid", "broadband", "online", "fully_online")


def rate_labels() -> dict[str, str]:
    return {
        "smartphone": _("Tỷ lệ người trưởng thành có điện thoại thông minh"),
        "vneid": _("Tỷ lệ người trưởng thành có VNeID mức 2"),
        "broadband": _("Tỷ lệ hộ có Internet cáp quang"),
        "online": _("Tỷ lệ hồ sơ nộp trực tuyến trong quý"),
        "fully_online": _("Tỷ lệ hồ sơ trực tuyến toàn trình trong quý"),
    }


@functools.cache
def _data(province: str) -> dict:
    path = DATA / f"tiles-{province}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@functools.lru_cache(maxsize=8)
def _placement(province: str, codes: tuple[str, ...]) -> tuple[dict[str, tuple[int, int]], dict[str, str]]:
    """The communes `codes` the province's data file places: code → (column, row), and → former district's name.
    Each commune, those of the districts with most communes first, takes the free tile nearest its district's
    centre, so the layout is the same for the same communes."""
    data = _data(province)
    if not data:
        return {}, {}
    districts = data["districts"]
    located = {**data["former_codes"], **data["communes"]}
    located = {code: located[code] for code in codes if code in located}
    north = max(d["centre"][0] for d in districts.values())
    west = min(d["centre"][1] for d in districts.values())
    counts = {d: sum(1 for v in located.values() if v == d) for d in districts}
    taken: set[tuple[int, int]] = set()
    places = {}
    for code, district in sorted(located.items(), key=lambda item: (-counts[item[1]], item[1], item[0])):
        latitude, longitude = districts[district]["centre"]
        x, y = (longitude - west) / STEP, (north - latitude) / STEP
        best = min(
            ((col, row) for col in range(int(x) - 5, int(x) + 7) for row in range(int(y) - 5, int(y) + 7)
             if col >= 0 and row >= 0 and (col, row) not in taken),
            key=lambda c: (math.hypot(c[0] - x, c[1] - y), c),
        )  # fmt: skip
        taken.add(best)
        places[code] = best
    if places:  # no empty rows or columns before the first tiles (a part of the province only)
        left = min(col for col, _row in places.values())
        top = min(row for _col, row in places.values())
        places = {code: (col - left, row - top) for code, (col, row) in places.items()}
    return places, {code: districts[district]["name"] for code, district in located.items()}


def value_of(row: CommuneReadiness, rate: str) -> float | None:
    value = {"online": row.online_share, "fully_online": row.fully_online_share}.get(rate, row.rates.get(rate))
    return None if value is None else round(100 * value, 1)


def communes_map(rows: list[CommuneReadiness], *, rate: str = "smartphone") -> charts.Chart | None:
    """The tile map of the communes coloured by `rate` (one of MAP_RATES), with its values as a table."""
    if not rows:
        return None
    rate = rate if rate in MAP_RATES else "smartphone"
    places, districts = _placement(settings.LIENTHONG_PROVINCE_CODE, tuple(sorted(r.code for r in rows)))
    bottom = max((row for _col, row in places.values()), default=-1) + 2
    ordered = sorted(rows, key=lambda r: r.code)
    extra = [r for r in ordered if r.code not in places]
    columns = max((col for col, _row in places.values()), default=9) + 1
    tiles = []
    for row in ordered:
        if row.code in places:
            col, line = places[row.code]
        else:
            index = extra.index(row)
            col, line = index % columns, bottom + index // columns
        label = f"{row.name} ({districts[row.code]})" if row.code in districts else row.name
        tiles.append((label, value_of(row, rate), col, line))
    title = rate_labels()[rate]
    missing = sum(1 for _l, value, _c, _r in tiles if value is None)
    return charts.tile_map(
        title=_("Bản đồ ô các xã, phường: %(rate)s") % {"rate": title.lower()},
        desc=_(
            "Mỗi ô vuông là một xã, phường, đặt gần vị trí gần đúng của huyện cũ (trước 1/7/2025), không phải ranh "
            "giới hành chính; màu đậm hơn là tỷ lệ cao hơn, số trong ô là tỷ lệ (%%); %(missing)s ô gạch chéo chưa "
            "có số liệu. Bảng số liệu kèm theo liệt kê từng xã."
        )
        % {"missing": missing},
        tiles=tiles,
        legend_title=_("Tỷ lệ (%)"),
        missing_label=_("Chưa có số liệu"),
    )
