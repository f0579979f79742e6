"""The list of dossiers behind a dashboard figure (/backoffice/chi-so/ho-so/) pages by keyset, as the complaints'
list does (`views._list_page`, core.keyset): the next page starts after the last row shown, whatever the page, so the
last page of a figure of a million dossiers costs the statements the first does; the count shown is the whole
list's on every page; a cursor that cannot be read opens the first page, never an error.

Seven dossiers of the department received in November 2026, five ended (three on time), two still open and past
their due date; looked at on 2 December, three to a page."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.dossiers.constants import Channel, Status
from lienthong.org.constants import AgencyKind, Level, Role, UnitKind
from lienthong.org.models import AdministrativeUnit, Agency, OfficerRole
from lienthong.reports import views
from lienthong.reports.dashboard import scores_forget
from lienthong.reports.models import DossierFact

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
LIST = "/backoffice/chi-so/ho-so/"
ROW = re.compile(r'<a href="/backoffice/dossiers/([0-9]+)/">')
COUNT = re.compile(r'<p class="count"><strong>([0-9.]+) hồ sơ')
NEXT = re.compile(r'<a href="\?([^"]*)">Sau ›</a>')
LOOKED_AT = dt.datetime(2026, 12, 2, 9, tzinfo=HCM)


def nov(day: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, 9, tzinfo=HCM)


@pytest.fixture
def department(db, django_user_model):
    """The department, seven facts of its dossiers, and the province's monitor signed in to read them."""
    reform = dt.date(2025, 7, 1)
    place = AdministrativeUnit.objects.create(code="75", name="Tỉnh Đồng Nai", level=Level.PROVINCE,
                                              kind=UnitKind.PROVINCE, valid_from=reform)  # fmt: skip
    committee = Agency.objects.create(identifier_code="000.00.00.H19", name="UBND tỉnh Đồng Nai",
                                      kind=AgencyKind.PEOPLES_COMMITTEE, level=Level.PROVINCE, unit=place)  # fmt: skip
    department = Agency.objects.create(identifier_code="000.00.12.H19", name="Sở Tư pháp", parent=committee,
                                       kind=AgencyKind.DEPARTMENT, level=Level.PROVINCE, unit=place)  # fmt: skip
    # ids out of the order of receipt, so an order by id and one by due date differ
    for dossier_id, received, due, ended in [
        (17, 3, 10, 5), (12, 4, 6, 9), (15, 5, 12, 11), (11, 6, 9, 8), (19, 7, 10, 20),
        (14, 8, 25, None), (13, 9, 20, None),
    ]:  # fmt: skip
        DossierFact.objects.create(
            dossier_id=dossier_id, agency_id=department.pk, unit_id=department.pk, procedure_id=1,
            procedure_version_id=1, field_id=1, level=Level.PROVINCE, channel=Channel.COUNTER, national_channel=1,
            status=Status.RETURNED if ended else Status.PROCESSING, received_at=nov(received),
            received_day=nov(received).date(), due_at=nov(due), end_of_processing_at=nov(ended) if ended else None,
            end_day=nov(ended).date() if ended else None, is_on_time=None if ended is None else ended <= due,
            version=1,
        )  # fmt: skip
    monitor = django_user_model.objects.create_user(username="giamsat", password="x")
    OfficerRole.objects.create(user=monitor, agency=committee, role=Role.MONITOR)
    scores_forget()
    return department


def read(client, query: str) -> tuple[int, list[int], str, str | None]:
    """(the count shown, the dossier ids of the page in order, the page, the next page's query or None)."""
    with time_machine.travel(LOOKED_AT, tick=False):
        response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200, (query, response.status_code)
    body = response.content.decode()
    following = NEXT.search(body)
    return (int(COUNT.search(body).group(1)), [int(i) for i in ROW.findall(body)], body,
            following.group(1).replace("&amp;", "&") if following else None)  # fmt: skip


def every_page(client, query: str) -> tuple[set[int], list[list[int]]]:
    counts, pages = set(), []
    while query is not None:
        count, ids, _body, query = read(client, query)
        counts.add(count)
        pages.append(ids)
        assert len(pages) <= 5, "the pages never end"
    return counts, pages


@pytest.fixture
def three_to_a_page(monkeypatch):
    monkeypatch.setattr(views, "DOSSIERS_PER_PAGE", 3)


def test_a_figures_pages_follow_one_another_by_id(client, department, three_to_a_page):
    client.login(username="giamsat", password="x")

    counts, pages = every_page(client, f"ky=2026-11&chi_so=dossiers_received&don_vi={department.pk}")

    assert counts == {7}  # the whole list's count on every page: the figure
    assert pages == [[11, 12, 13], [14, 15, 17], [19]]
    _count, _ids, _body, second = read(client, f"ky=2026-11&chi_so=dossiers_received&don_vi={department.pk}")
    assert "sau=" in second and "trang=" not in second  # a cursor (the last row's key), not a page number
    _count, _ids, last, _next = read(client, f"ky=2026-11&chi_so=dossiers_received&don_vi={department.pk}&sau=")
    assert "Trang đầu" not in last  # the first page has no way back to itself


def test_an_on_time_counters_list_and_the_overdue_now_list_page_the_same_way(client, department, three_to_a_page):
    client.login(username="giamsat", password="x")

    on_time = every_page(client, f"ky=2026-11&so_lieu=finished_on_time&don_vi={department.pk}")
    overdue = every_page(client, f"ky=2026-11&so_lieu=overdue_now&don_vi={department.pk}")

    assert on_time == ({3}, [[11, 15, 17]])
    assert overdue == ({2}, [[13, 14]])  # the longest overdue first (due 20 then 25 November)


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor", "W1siZiIsICJ4Il1d", "W1sidiIsIDEyXSwgWyJ2IiwgMTNdXQ", "W1sidiIsIHRydWVdXQ", "x" * 5000, "%00"],
)
def test_a_cursor_that_cannot_be_read_opens_the_first_page(client, department, three_to_a_page, cursor):
    client.login(username="giamsat", password="x")

    count, ids, _body, _next = read(client, f"ky=2026-11&chi_so=dossiers_received&don_vi={department.pk}&sau={cursor}")

    assert (count, ids) == (7, [11, 12, 13])


def test_every_page_costs_the_same_statements(client, department, three_to_a_page):
    client.login(username="giamsat", password="x")
    query = f"ky=2026-11&chi_so=dossiers_received&don_vi={department.pk}"
    read(client, query)  # the period's scores are counted and held by the first request

    costs, offsets = [], []
    while query is not None:
        with CaptureQueriesContext(connection) as statements:
            _count, _ids, _body, query = read(client, query)
        costs.append(len(statements))
        offsets += [s["sql"] for s in statements if "OFFSET" in s["sql"].upper()]

    # session and user, the officer's roles, the agency tree, the period's generation, the list's count and its
    # page, the page's dossiers, procedures and units — the same on the last page as on the first
    assert costs == [costs[0]] * 3
    assert offsets == []  # a later page starts after the last row shown, it does not read and skip the rows before
    assert costs[0] == 9
