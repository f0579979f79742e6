"""Issue 12's must-show for the PAKN figures: on a unit's page of the leaders' dashboard, every figure counted from
complaints and ratings — the satisfaction group's PAKN on time, PAKN of the period, PAKN overdue, dossiers with a
PAKN or a dislike — is a link, and the list it opens holds exactly that many rows, over random lifecycles of
dossiers, complaints (received, accepted, refused, forwarded, answered, published; naming a dossier or not) and
ratings. The lists open down to one complaint: each row links to the complaint's back-office page."""

import html
import re
import urllib.parse

import pytest
import time_machine
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lienthong.reports.dashboard import scores_forget
from lienthong.reports.units import PROVINCE_AS_A_WHOLE
from tests.reports.conftest import at, figure_counts_run
from tests.reports.test_complaints_and_ratings_rebuilt_equal_live_and_each_figure_its_list import (
    AGENCIES,
    PATHS,
    play_complaints,
    returned_dossier,
)
from tests.reports.test_rebuild_equals_live import ACTIONS, DOSSIERS, play

pytestmark = pytest.mark.django_db
LINK = re.compile(r'<a href="(/backoffice/chi-so/(?:phan-anh/\?|ho-so/\?[^"]*chi_so=dossiers_with_complaint)[^"]*)">'
                  r"([0-9][0-9.]*)</a>")  # fmt: skip
COUNT = re.compile(r'<p class="count"><strong>([0-9.]+) (?:hồ sơ|phản ánh, kiến nghị)')
ROW = re.compile(r'<a href="/backoffice/pakn/[0-9]+/">')
PERIOD = "2026-03"


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def figures_and_their_lists(client, page_url: str) -> list[tuple[str, int, int]]:
    """(list URL, the figure shown, the list's length) for every PAKN figure the page links to a list; a list of
    complaints shows one link to a complaint's page per row (all on one page: fewer than 50 here)."""
    response = client.get(page_url)
    assert response.status_code == 200, page_url
    found = []
    for href, shown in LINK.findall(response.content.decode()):
        url = html.unescape(href)
        listed = client.get(url)
        assert listed.status_code == 200, url
        body = listed.content.decode()
        count = COUNT.search(body)
        assert count, url
        if "/phan-anh/" in url:
            assert len(ROW.findall(body)) == _number(count.group(1)), url
        found.append((url, _number(shown), _number(count.group(1))))
    return found


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    starts=st.lists(st.booleans(), min_size=1, max_size=DOSSIERS),
    steps=st.lists(st.tuples(st.integers(0, DOSSIERS - 1), st.sampled_from(ACTIONS)), max_size=8),
    returned=st.lists(st.booleans(), max_size=DOSSIERS),
    complaints=st.lists(
        st.tuples(
            st.sampled_from(AGENCIES),
            st.one_of(st.none(), st.integers(0, DOSSIERS - 1)),
            st.integers(1, 31),
            st.integers(0, len(PATHS) - 1),
            st.integers(0, 14),
        ),
        min_size=1,
        max_size=5,
    ),
    ratings=st.lists(
        st.tuples(
            st.integers(0, DOSSIERS - 1), st.lists(st.integers(1, 5), min_size=4, max_size=4), st.integers(3, 31)
        ),  # fmt: skip
        max_size=DOSSIERS,
    ),
)
def test_every_pakn_figure_equals_the_number_of_rows_in_its_list(
    client, walk, officers, province, two_supplements_allowed, starts, steps, returned, complaints, ratings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    with time_machine.travel(at(31, 23), tick=False), django_capture_on_commit_callbacks(execute=True):
        dossiers = play(walk, starts, steps)
        for n, give_back in enumerate(returned):
            if give_back and dossiers[n % len(dossiers)].received_at is not None:
                dossiers[n % len(dossiers)] = returned_dossier(walk, dossiers[n % len(dossiers)])
    with django_capture_on_commit_callbacks(execute=True):
        play_complaints(province, officers, dossiers, complaints, ratings)
    with time_machine.travel(at(31, 23, 30), tick=False):
        assert figure_counts_run()
    cache.clear()
    scores_forget()
    client.force_login(officers["monitor@centre"])  # the province's monitoring office: every list opens

    pages = [
        f"/backoffice/chi-so/don-vi/{PROVINCE_AS_A_WHOLE}/?ky={PERIOD}",
        f"/backoffice/chi-so/don-vi/{province['committee'].pk}/?ky={PERIOD}",
        f"/backoffice/chi-so/don-vi/{province['department'].pk}/?ky={PERIOD}",
    ]
    checked = set()
    for page in pages:
        for url, shown, listed in figures_and_their_lists(client, page):
            assert shown == listed, f"{page}: {url} shows {shown}, lists {listed}"
            path, _, query = url.partition("?")
            checked.add((path, urllib.parse.parse_qs(query).get("han", [""])[0]))
    # PAKN of the period, on time, overdue, and the dossiers with a PAKN or a dislike: each linked
    lists = "/backoffice/chi-so/phan-anh/"
    assert {(lists, ""), (lists, "dung"), (lists, "tre"), ("/backoffice/chi-so/ho-so/", "")} <= checked
