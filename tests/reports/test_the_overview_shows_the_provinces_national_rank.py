"""Issue 12: where an imported file of the national dashboard's published scores ranks the provinces, the leaders'
overview shows the province's rank among them, its change from the last period ranked and its trend; a file of
the province's own departments and communes ranks no province and shows none."""

import json

import pytest

from lienthong.org.constants import AgencyKind, Level
from lienthong.org.models import Agency
from lienthong.reports.index766 import Period
from lienthong.reports.models import OfficialScore
from lienthong.reports.official_store import national_ranks, official_import

pytestmark = pytest.mark.django_db
OURS = "000.00.00.H19"


def provinces_ranked(our_rank: int) -> bytes:
    """The ranked table of the 34 provinces (`report_tinh_766_service`), ours at `our_rank`."""
    others = iter(range(1, 35))
    rows = []
    for rank in range(1, 35):
        code = OURS if rank == our_rank else f"000.00.00.P{next(others):02d}"
        rows.append({"ID": rank, "TEN": "Tỉnh Đồng Nai" if code == OURS else f"Tỉnh {code}", "ROW_STT": rank,
                     "TONG_SCORE": 95 - rank, "MA_COQUAN": code})  # fmt: skip
    return json.dumps(rows).encode()


@pytest.fixture
def committee(province):
    return Agency.objects.create(identifier_code=OURS, name="UBND tỉnh Đồng Nai", kind=AgencyKind.PEOPLES_COMMITTEE,
                                 level=Level.PROVINCE, unit=province["unit"])  # fmt: skip


def test_the_overview_shows_the_rank_among_the_provinces_its_change_and_its_trend(committee, client, officers):
    official_import(source=provinces_ranked(7), filename="tinh-02-2026.json", period=Period("month", 2026, 2))
    official_import(source=provinces_ranked(5), filename="tinh-03-2026.json", period=Period("month", 2026, 3))
    client.force_login(officers["monitor@centre"])

    page = client.get("/backoffice/chi-so/?ky=2026-03").content.decode()

    assert "Hạng 5/34 tỉnh, thành phố" in page
    assert "tăng 2 bậc so với Tháng 2/2026" in page
    assert "Thứ hạng toàn quốc của tỉnh" in page  # the trend's chart, its values in the table beside it

    page = client.get("/backoffice/chi-so/?ky=2026-04").content.decode()
    assert "Chưa nhập điểm công bố của kỳ này" in page and "Hạng 5/34" not in page


def test_a_file_of_the_provinces_own_units_ranks_no_province(committee, client, officers):
    own_units = [{"TEN": "Sở Tư pháp", "ROW_STT": 1, "TONG_SCORE": 90, "MA_COQUAN": "000.00.12.H19", "CAPDONVIID": 1},
                 {"TEN": "UBND tỉnh Đồng Nai", "TONG_SCORE": 88, "MA_COQUAN": OURS}]  # fmt: skip
    official_import(source=json.dumps(own_units).encode(), filename="don-vi.json", period=Period("month", 2026, 3))
    client.force_login(officers["monitor@centre"])

    page = client.get("/backoffice/chi-so/?ky=2026-03").content.decode()

    assert "Thứ hạng toàn quốc" not in page


def test_without_a_published_rank_the_province_is_placed_by_its_total(committee):
    official_import(source=provinces_ranked(3), filename="tinh.json", period=Period("month", 2026, 3))
    OfficialScore.objects.update(rank=None)  # the evaluation API's shape publishes points, no rank

    march, april = national_ranks(province_code=OURS, periods=[Period("month", 2026, 3), Period("month", 2026, 4)])

    assert (march.rank, march.of, april) == (3, 34, None)
