"""The board lists 25 units a page, the worst first, with a pager that keeps the filters: a province's 300 units,
one card each, were 150,000 px on a phone."""

import re

import pytest

from lienthong.org.constants import AgencyKind, Level
from lienthong.org.models import Agency

pytestmark = pytest.mark.django_db
ROW = re.compile(r'<th scope="row" class="key"><a href="/backoffice/ket-noi/co-quan/')


def test_thirty_units_are_two_pages_and_the_pager_keeps_the_filter(client, officers, province):
    for i in range(26):  # with the province fixture's own commune-level agencies, more than a page
        Agency.objects.create(
            identifier_code=f"000.00.{50 + i}.H19", name=f"UBND xã Thử {i:02d}", level=Level.COMMUNE,
            kind=AgencyKind.PEOPLES_COMMITTEE, unit=province["commune"],
        )  # fmt: skip
    communes = Agency.objects.filter(level=Level.COMMUNE).count()
    client.force_login(officers["monitor@centre"])

    first = client.get("/backoffice/ket-noi/", {"level": Level.COMMUNE}).content.decode()
    second = client.get("/backoffice/ket-noi/", {"level": Level.COMMUNE, "trang": 2}).content.decode()

    assert len(ROW.findall(first)) == 25
    assert len(ROW.findall(second)) == communes - 25
    assert "Trang 1 / 2" in first and 'href="?level=commune&amp;trang=2"' in first
    assert f"Đang hiển thị {communes} trong" in first  # the filter's count is of every page
