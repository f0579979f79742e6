"""Issue 12's must-show: every figure on the leaders' dashboard equals the number of dossiers in the list it links
to — the province's and a unit's indicators, every cell of the on-time table by unit, level and month, its total
row — over random lifecycles (submitted, received, asked for supplements, forwarded, finished, returned, refused).

The lists are live and the figures are the worker's last count (`reports.figure_store`): once the counts the
changes asked for have run, they agree."""

import html
import re

import pytest
import time_machine
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lienthong.reports.dashboard import scores_forget
from lienthong.reports.units import PROVINCE_AS_A_WHOLE
from tests.reports.conftest import at, figure_counts_run
from tests.reports.test_rebuild_equals_live import ACTIONS, DOSSIERS, play

pytestmark = pytest.mark.django_db
LINK = re.compile(r'<a href="(/backoffice/chi-so/ho-so/\?[^"]+)">([0-9][0-9.]*)</a>')
COUNT = re.compile(r'<p class="count"><strong>([0-9.]+) hồ sơ')
PERIOD = "2026-03"


def _number(text: str) -> int:
    return int(text.replace(".", ""))  # a thousands separator in Vietnamese


def figures_and_their_lists(client, page_url: str) -> list[tuple[str, int, int]]:
    """(list URL, the figure shown, the list's length) for every figure the page links to a list."""
    response = client.get(page_url)
    assert response.status_code == 200, page_url
    found = []
    for href, shown in LINK.findall(response.content.decode()):
        url = html.unescape(href)
        listed = client.get(url)
        assert listed.status_code == 200, url
        count = COUNT.search(listed.content.decode())
        assert count, url
        found.append((url, _number(shown), _number(count.group(1))))
    return found


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    starts=st.lists(st.booleans(), min_size=1, max_size=DOSSIERS),
    steps=st.lists(st.tuples(st.integers(0, DOSSIERS - 1), st.sampled_from(ACTIONS)), max_size=12),
)
def test_every_figure_equals_the_number_of_dossiers_in_its_list(
    client, walk, officers, province, two_supplements_allowed, starts, steps, django_capture_on_commit_callbacks
):
    # The changes commit (their callbacks run: the stored figures they touch are marked, a count is asked), at the
    # end of March; then the worker counts the periods the changes touched.
    with time_machine.travel(at(31, 23), tick=False), django_capture_on_commit_callbacks(execute=True):
        play(walk, starts, steps)
    with time_machine.travel(at(31, 23), tick=False):
        assert figure_counts_run()
    cache.clear()  # the scores of a period are cached: each example has new dossiers
    scores_forget()
    client.force_login(officers["monitor@centre"])  # the province's monitoring office: every list opens
    committee = province["committee"].pk  # the commune desk's dossiers count to the commune

    pages = [
        f"/backoffice/chi-so/don-vi/{PROVINCE_AS_A_WHOLE}/?ky={PERIOD}",
        f"/backoffice/chi-so/don-vi/{committee}/?ky={PERIOD}",
        f"/backoffice/chi-so/dung-han/?ky={PERIOD}&theo=unit",
        f"/backoffice/chi-so/dung-han/?ky={PERIOD}&theo=level",
        "/backoffice/chi-so/dung-han/?ky=2026&theo=month",
    ]
    checked = 0
    for page in pages:
        for url, shown, listed in figures_and_their_lists(client, page):
            assert shown == listed, f"{page}: {url} shows {shown}, lists {listed}"
            checked += 1
    assert checked >= 5  # the received dossiers' links at least, on each page
