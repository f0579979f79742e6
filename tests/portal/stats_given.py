"""Givens for the statistics tests: a small hand-built month (February 2026) at two agencies, by the lifecycle's
own services at frozen instants, with the numbers worked out by hand beside it. A test module imports
`february_fixture` and `fresh_stats_cache_fixture`. The page reads the reporting read model: a test that adds
dossiers calls `read_model_ready()` (the worker's delivery of the outbox) before it looks."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache

from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services import dossier_request_supplement
from lienthong.dossiers.tasks import outbox_dispatch
from lienthong.feedback.services import rating_submit
from lienthong.org.constants import AgencyKind, Level, Role
from lienthong.org.models import Agency, OfficerRole
from tests.feedback.given import at, finished, received, returned

STATS = "/thong-ke/"
NOW = at(10, 12, month=3)  # looked at on 10/3/2026, so February is a past month


def read_model_ready() -> None:
    """Deliver the outbox as the worker would: the read model's facts and daily figures follow the events."""
    while outbox_dispatch.call():
        pass


@pytest.fixture(autouse=True, name="fresh_stats_cache")
def fresh_stats_cache_fixture():
    from lienthong.reports.dashboard import scores_forget

    cache.clear()
    scores_forget()
    yield
    cache.clear()
    scores_forget()


@pytest.fixture(name="february")
def february_fixture(province, officers, procedure, applicant, form_data, documents):
    """At the commune centre (commune level), received Fri 13/2 10:00, due Wed 25/2 10:00:
      A returned, finished 24/2 (on time), rated 5-5-4-4 (4.5); B returned, finished 26/2 (late), rated 2-3-3-2
      (2.5); C still processing, past due (overdue in progress); D waiting for a supplement (clock stopped).
    At the provincial centre: E received Fri 30/1, due Wed 4/2 10:00, finished 3/2 (on time); F received 2/3.

    By hand, February: commune centre 4 received, 2 finished, 1 on time, 1 late, 50.0 %, 1 overdue in progress,
    2 ratings averaging 3.5; provincial centre 0 received, 1 finished on time, 100.0 %; in all 4, 3, 2, 1, 66.7 %,
    1, and 3.5 from 2 ratings."""
    given = (province, officers, procedure, applicant, form_data, documents)
    a, b, c, d = (received(*given) for _n in range(4))
    returned(a, officers, finished_at=at(24, 8), returned_at=at(24, 9))
    returned(b, officers, finished_at=at(26, 8), returned_at=at(26, 9))
    with time_machine.travel(at(24, 10), tick=False):
        rating_submit(dossier=Dossier.objects.get(pk=a.pk), scores={"information": 5, "timeliness": 5,
                      "convenience": 4, "attitude": 4})  # fmt: skip
    with time_machine.travel(at(27, 10), tick=False):
        rating_submit(dossier=Dossier.objects.get(pk=b.pk), scores={"information": 2, "timeliness": 3,
                      "convenience": 3, "attitude": 2})  # fmt: skip
    with time_machine.travel(at(13, 14), tick=False):
        dossier_request_supplement(officer=officers["receiver@commune_centre"], dossier=d, missing=["Sơ đồ"],
                                   note="")  # fmt: skip
    e = received(*given, when=at(30, 10, month=1), agency="centre")
    finished(e, when=at(3, 9))
    received(*given, when=at(2, 10, month=3), agency="centre")
    read_model_ready()
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def ranking_of(response) -> list[str]:
    """The agencies of the ranked list on the page, in order, as "rank. name" (the charts above it not included)."""
    import re

    html = response.content.decode()
    table = html[
        html.index('<table class="stack stats">') : html.index("</table>", html.index('<table class="stack stats">'))
    ]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return [
        re.sub(r"<[^>]+>", "", name).strip()
        for name in re.findall(r'<th scope="row">(.*?)(?: <span class="muted">|</th>)', body)
    ]


def agencies_add(province, officers, count: int, *, start: int = 40, name: str = "Trung tâm {n}") -> list[str]:
    """`count` more commune-level desks (keys desk<n>), the commune centre's receiver working at each."""
    keys = []
    for n in range(start, start + count):
        key = f"desk{n}"
        province[key] = Agency.objects.create(
            identifier_code=f"000.00.{n:02d}.H19", name=name.format(n=n), kind=AgencyKind.SERVICE_CENTRE,
            level=Level.COMMUNE, unit=province["commune"],
        )  # fmt: skip
        OfficerRole.objects.create(user=officers["receiver@commune_centre"], agency=province[key], role=Role.RECEIVER)
        officers[f"receiver@{key}"] = officers["receiver@commune_centre"]
        keys.append(key)
    return keys


def february_at(given, key: str, *, on_time: int, late: int) -> None:
    """At desk `key`, `on_time` + `late` dossiers received 13/2 (due 25/2), finished on 20/2 or on 27/2; the read
    model brought up to date."""
    for n in range(on_time + late):
        dossier = received(*given, agency=key, when=at(13, 10) + dt.timedelta(minutes=n))
        finished(dossier, when=at(20, 9) if n < on_time else at(27, 9))
    read_model_ready()
