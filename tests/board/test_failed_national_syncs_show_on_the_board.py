"""A dossier whose national sync failed shows on the connection board (issue 19, point 1): the board's row of its
receiving agency counts them and leads to the agency's page, which lists each with the portal's words and a link to
the dossier; an agency with none says nothing of it."""

import re

import pytest

from lienthong.national.constants import SyncState
from lienthong.national.models import NationalSync
from tests.dossiers.conftest import applicant, documents, form_data, procedure  # noqa: F401 — fixtures
from tests.dossiers.lifecycle_given import received

pytestmark = pytest.mark.django_db
ERROR = "[1] Dữ liệu không hợp lệ: Thiếu trường bắt buộc ChuHoSo."


@pytest.fixture
def failed(province, officers, procedure, applicant, form_data, documents):  # noqa: F811
    """Two dossiers of the commune centre the portal refused, and one synced."""
    rows = []
    for state in (SyncState.FAILED, SyncState.FAILED, SyncState.SYNCED):
        dossier = received(province, officers, procedure, applicant, form_data, documents)
        rows.append(NationalSync.objects.create(dossier=dossier, state=state, attempts=1,
                                                last_error=ERROR if state == SyncState.FAILED else ""))  # fmt: skip
    return rows[:2]


def test_the_board_counts_the_failed_syncs_of_the_receiving_agency(client, officers, province, failed):
    client.force_login(officers["monitor@centre"])

    page = client.get("/backoffice/ket-noi/").content.decode()

    row = re.search(r"<tr>\s*<th scope=\"row\"[^>]*><a href=\"/backoffice/ket-noi/co-quan/(\d+)/\">TTPVHCC phường Trấn "
                    r"Biên</a>.*?</tr>", page, re.S)  # fmt: skip
    assert row and int(row[1]) == province["commune_centre"].pk
    assert f'href="/backoffice/ket-noi/co-quan/{row[1]}/#dvcqg-loi"' in row[0] and "2 hồ sơ đồng bộ lỗi" in row[0]
    assert page.count("hồ sơ đồng bộ lỗi") == 1  # the other agencies have none


def test_the_agency_page_lists_each_failed_dossier_with_the_portals_words(client, officers, province, failed):
    client.force_login(officers["monitor@centre"])

    page = client.get(f"/backoffice/ket-noi/co-quan/{province['commune_centre'].pk}/").content.decode()

    assert 'id="dvcqg-loi"' in page and page.count(ERROR) == 2
    for sync in failed:
        assert f'<a href="/backoffice/dossiers/{sync.dossier_id}/">{sync.dossier.code}</a>' in page


def test_an_agency_without_failures_has_no_such_list(client, officers, province):
    client.force_login(officers["monitor@centre"])

    page = client.get(f"/backoffice/ket-noi/co-quan/{province['centre'].pk}/").content.decode()

    assert 'id="dvcqg-loi"' not in page
