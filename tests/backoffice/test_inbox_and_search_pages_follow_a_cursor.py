"""Issue 18: the inbox and the search page by keyset — each next page starts after the last row shown, with no
OFFSET — so a walk through the pages shows every row once, in the list's order; a cursor that cannot be read shows
the first page, never an error."""

import re
from html import unescape

import pytest
from django.urls import reverse

from lienthong.backoffice.views import inbox as inbox_view
from lienthong.core.keyset import Key, keyset_page
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.selectors import Box
from tests.backoffice import scope_given as given
from tests.backoffice.scope_given import as_officer

pytestmark = pytest.mark.django_db
CODE = re.compile(r'class="key"><a href="/backoffice/dossiers/\d+/">([^<]+)</a>')
NEXT = re.compile(r'<a href="\?([^"]*)">Sau ›</a>')


def _walk(client, url: str, query: dict) -> tuple[list[str], int]:
    """The codes of every page, following the "Sau ›" links, and the number of pages."""
    codes, pages = [], 0
    page = client.get(url, query).content.decode()
    while True:
        pages += 1
        codes += CODE.findall(page)
        link = NEXT.search(page)
        if link is None:
            return codes, pages
        page = client.get(f"{url}?{unescape(link.group(1))}").content.decode()


@pytest.fixture
def seven(province, officers, procedure, monkeypatch):
    """Seven dossiers received at the desk (three forwarded), and pages of three rows."""
    dossiers = [given.receive(province, officers, procedure, scan=False) for _ in range(7)]
    for dossier in dossiers[::2]:
        given.forward_from_desk(officers, dossier)
    monkeypatch.setattr(inbox_view, "PAGE_SIZE", 3)
    return dossiers


@pytest.mark.parametrize(("name", "query"), [("inbox", {"box": Box.MONITOR}), ("search", {"q": "nguyen thi hoa"})])
def test_a_walk_through_the_pages_shows_every_row_once_in_order(officers, seven, monkeypatch, name, query):
    client = as_officer(officers["monitor@centre"])
    url = reverse(f"backoffice:{name}")

    walked, pages = _walk(client, url, query)

    monkeypatch.setattr(inbox_view, "PAGE_SIZE", 100)
    whole = CODE.findall(client.get(url, query).content.decode())
    assert sorted(whole) == sorted(d.code for d in seven)
    assert walked == whole
    assert pages == 3


def test_the_next_page_holds_the_rows_after_the_cursor_even_with_equal_and_missing_keys(province, officers, seven):
    # given deadlines that tie and are missing (a dossier not yet received has none), in the inbox's order
    keys = (Key("due_at", nulls_first=True), Key("id"))
    Dossier.objects.filter(pk__in=[d.pk for d in seven[:4]]).update(due_at=seven[0].due_at)
    Dossier.objects.filter(pk__in=[d.pk for d in seven[4:6]]).update(due_at=None, received_at=None)
    whole = list(Dossier.objects.order_by(*(k.order() for k in keys)).values_list("pk", flat=True))
    walked, cursor = [], ""
    for _ in range(5):
        page = keyset_page(Dossier.objects.all(), keys, cursor=cursor, size=2)
        walked += [d.pk for d in page]
        assert page.count == 7
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert walked == whole
    assert whole[:2] == [seven[4].pk, seven[5].pk]  # missing deadlines first, by id


@pytest.mark.parametrize("cursor", ["x", "W10", "WyJ0IiwgIm5vdCBhIGRhdGUiXQ", "W1sidiIsIDFlMzAwXSwgWyJ2IiwgMV1d",
                                    "W1sidiIsIHRydWVdLCBbInYiLCAxXV0", "%00", "9" * 5000])  # fmt: skip
def test_a_cursor_that_cannot_be_read_shows_the_first_page(officers, seven, cursor):
    client = as_officer(officers["monitor@centre"])
    first = CODE.findall(client.get(reverse("backoffice:search"), {"q": "nguyen thi hoa"}).content.decode())
    response = client.get(reverse("backoffice:search"), {"q": "nguyen thi hoa", "after": cursor})
    assert response.status_code == 200
    assert CODE.findall(response.content.decode()) == first
    inbox = client.get(reverse("backoffice:inbox"), {"box": Box.MONITOR, "after": cursor})
    assert inbox.status_code == 200
