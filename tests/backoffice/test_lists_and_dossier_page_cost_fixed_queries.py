"""Query counts are pinned (CONVENTIONS: a list of 100 costs the same queries as a list of 1): each inbox box and
the search with 1 dossier and with 100, and the dossier page whatever its number of events, steps and files."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lienthong.dossiers import services
from lienthong.dossiers.selectors import Box
from lienthong.dossiers.services.files import attachment_add
from tests.backoffice import scope_given as given
from tests.backoffice.scope_given import as_officer, dossier_url
from tests.backoffice.web_given import PDF

pytestmark = pytest.mark.django_db

# (officer, URL name, query) → queries the page costs, pinned: a change here is a change in the page's cost.
LISTS = {
    (given.DESK, "inbox", Box.MINE): 6,
    (given.DESK, "inbox", Box.AGENCY): 6,
    ("monitor@centre", "inbox", Box.MONITOR): 7,
    ("leader@committee", "inbox", Box.AGENCY): 7,
    (given.DESK, "search", "nguyen thi hoa"): 6,
    ("monitor@centre", "search", "075190001234"): 7,
}
# Issue 11: +2 for a specialist at two parallel steps (where each leads), +1 for the procedure's fees.
# +1: the messages sent (notify, issue 15); +1: whether the agency seals its slips (signing, issue 14).
PAGE = {"specialist@department": 18, "monitor@centre": 12}


def _count(client, url: str, query: dict) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _costs(clients) -> dict[tuple, tuple[int, int]]:
    """Queries and rows of each list page."""
    costs = {}
    for officer, name, value in LISTS:
        query = {"box": value} if name == "inbox" else {"q": value}
        count, page = _count(clients[officer], reverse(f"backoffice:{name}"), query)
        costs[(officer, name, value)] = (count, page.count('href="/backoffice/dossiers/'))
    return costs


def test_each_inbox_and_the_search_cost_the_same_for_1_and_100_dossiers(province, officers, procedure):
    clients = {officer: as_officer(officers[officer]) for officer, _name, _value in LISTS}
    # given one dossier at the commune committee's step, assigned
    first = given.forwarded(province, officers, procedure)
    services.dossier_assign(officer=officers["leader@committee"], dossier=first,
                            step_instance=given.active(first, "Xác nhận"),
                            assignee=officers["specialist@committee"])  # fmt: skip
    given.receive(province, officers, procedure, scan=False)  # and one waiting at the desk
    one = _costs(clients)
    # given 98 more: half waiting at the desk, half at the committee's step
    for n in range(98):
        dossier = given.receive(province, officers, procedure, scan=False)
        if n % 2:
            given.forward_from_desk(officers, dossier)
    hundred = _costs(clients)

    # then each page costs as many queries with 100 dossiers as with 1, and the number pinned
    queries_one = {key: queries for key, (queries, _rows) in one.items()}
    assert queries_one == {key: queries for key, (queries, _rows) in hundred.items()}
    assert queries_one == LISTS
    # the lists did grow: from 1–2 rows to 50–100
    assert all(hundred[key][1] >= 50 > 2 >= one[key][1] >= 1 for key in LISTS), (one, hundred)


def _attach(officers, dossier, n: int) -> None:
    """`n` more scans, each filed under one of the procedure's documents (which the page names beside the file)."""
    documents = list(dossier.procedure_version.documents.all())
    for i in range(n):
        attachment_add(officer=officers[given.DESK], dossier=dossier, upload=ContentFile(PDF, name=f"ban-{i}.pdf"),
                       required_document=documents[i % len(documents)])  # fmt: skip


def test_the_dossier_page_costs_the_same_whatever_its_history(province, officers, procedure):
    # given a dossier fresh at the department (3 events, 3 steps, 1 file)
    short = given.at_department(province, officers, procedure)
    # and one at the same steps after a long way: sent back, consulted, supplemented, charged, 12 files
    long = given.at_department(province, officers, procedure)
    department = officers["specialist@department"]
    for _ in range(2):
        services.dossier_consult(officer=department, dossier=long, step_instance=given.active(long, "Thẩm định"),
                                 agencies=[province["committee"], province["centre"]], question="Ý kiến?")  # fmt: skip
    services.dossier_request_financial_obligation(officer=department, dossier=long,
                                                  items=[{"name": "Lệ phí", "amount": 1000}])  # fmt: skip
    services.dossier_financial_obligation_met(officer=department, dossier=long, receipt_reference="BL-1")
    for _ in range(3):
        services.dossier_assign(officer=officers["leader@department"], dossier=long,
                                step_instance=given.active(long, "Thẩm định"), assignee=department)  # fmt: skip
    _attach(officers, long, 11)
    assert long.events.count() >= short.events.count() + 6
    assert long.steps.count() >= short.steps.count() + 4

    for officer, pinned in PAGE.items():
        client = as_officer(officers[officer])
        short_count, short_page = _count(client, dossier_url(short), {})
        long_count, long_page = _count(client, dossier_url(long), {})
        # the same actions are offered on both, so the pages differ only by their history
        assert short_page.count('id="action-') == long_page.count('id="action-')
        assert (officer, short_count, long_count) == (officer, pinned, pinned)
