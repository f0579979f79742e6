"""Issue 12 item 1: complaints' events and ratings feed the read model like the dossiers' events do. Over random
lifecycles of dossiers, complaints (received, accepted, refused, forwarded, answered, published — naming a dossier
or not) and ratings of returned dossiers: the complaints' and ratings' facts rebuilt from the history equal the
live ones, and every PAKN and satisfaction figure of every unit equals the length of the list behind it, judged
at the period's end and in the middle of it."""

import contextlib
import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ObjectDoesNotExist
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lienthong.complaints.constants import Kind
from lienthong.complaints.errors import ComplaintError
from lienthong.complaints.models import Complaint
from lienthong.complaints.services import (
    Sender,
    complaint_accept,
    complaint_answer,
    complaint_forward,
    complaint_publish,
    complaint_refuse,
    complaint_submit,
)
from lienthong.dossiers.constants import Status
from lienthong.dossiers.services import DossierError
from lienthong.feedback.constants import Criterion
from lienthong.feedback.services import FeedbackError, rating_submit
from lienthong.reports.models import ComplaintFact, RatingFact
from lienthong.reports.petition_figures import FIGURES, petition_figures, petition_list
from lienthong.reports.rebuild import reports_rebuild
from lienthong.reports.units import AgencyTree
from tests.reports.conftest import at
from tests.reports.test_rebuild_equals_live import ACTIONS, DOSSIERS, play

pytestmark = pytest.mark.django_db
MARCH = (at(1, 0), at(1, 0, month=4))
LAN = Sender(name="Trần Thị Lan", phone="0987654321")
AGENCIES = ["commune_centre", "department", "committee"]


def returned_dossier(walk, dossier):
    """Forward, finish and give back what the state allows, on 2/3 (a guard refuses the rest)."""
    for action, hour in (("forward", 13), ("finish", 14), ("give_back", 15)):
        with contextlib.suppress(DossierError, ObjectDoesNotExist):
            getattr(walk, action)(dossier, at(2, hour))
    return type(dossier).objects.get(pk=dossier.pk)


def facts_now() -> tuple[dict, dict]:
    complaints = {f.pk: vars(f) | {"_state": None} for f in ComplaintFact.objects.all()}
    ratings = {f.pk: vars(f) | {"_state": None} for f in RatingFact.objects.all()}
    return complaints, ratings


def _officer(officers, complaint: Complaint):
    key = next(k for k in AGENCIES if officers[f"leader@{k}"].officer_roles.filter(agency=complaint.agency).exists())
    return officers[f"leader@{key}"]


PATHS = [
    (),
    ("accept",),
    ("accept", "answer"),
    ("accept", "answer", "publish"),
    ("refuse",),
    ("forward", "accept", "answer"),
    ("accept", "forward", "answer"),
    ("answer",),  # refused by its guard: not accepted yet
]


def play_complaints(province, officers, dossiers, complaints, ratings):
    """Submit the complaints (at an agency, naming a dossier of `dossiers` or none, on a day of March) and walk
    each along its path, `gap` days a step; then rate the returned dossiers. What a guard refuses is skipped, as
    the pages would refuse it."""
    for agency_key, named, day, path, gap in complaints:
        dossier = dossiers[named % len(dossiers)] if named is not None else None
        when = at(day, 9)
        with time_machine.travel(when, tick=False):
            complaint = complaint_submit(kind=Kind.REFLECTION, sender=LAN, title="Chậm trả kết quả", content="…",
                                         concerned_agency=province[agency_key],
                                         dossier_code=dossier.code.lower() if dossier and dossier.code else "",
                                         at=when)  # fmt: skip
        for action in PATHS[path]:
            complaint = Complaint.objects.get(pk=complaint.pk)
            when += dt.timedelta(days=gap, hours=1)
            officer = _officer(officers, complaint)
            try:
                with time_machine.travel(when, tick=False):
                    if action == "accept":
                        complaint_accept(complaint=complaint, officer=officer, at=when)
                    elif action == "refuse":
                        complaint_refuse(complaint=complaint, officer=officer, reason="Trùng lặp.", at=when)
                    elif action == "forward":
                        target = next(province[k] for k in AGENCIES if province[k].pk != complaint.agency_id)
                        complaint_forward(complaint=complaint, officer=officer, to_agency=target, at=when)
                    elif action == "answer":
                        complaint_answer(complaint=complaint, officer=officer, answer="Đã xử lý.", at=when)
                    else:
                        complaint_publish(complaint=complaint, officer=officer, at=when)
            except ComplaintError:
                pass
    for n, scores, day in ratings:
        dossier = type(dossiers[0]).objects.get(pk=dossiers[n % len(dossiers)].pk)
        if dossier.status != Status.RETURNED:
            continue
        with time_machine.travel(at(day, 15), tick=False), contextlib.suppress(FeedbackError):  # rated already
            rating_submit(dossier=dossier, scores=dict(zip(Criterion.values, scores, strict=True)))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    starts=st.lists(st.booleans(), min_size=1, max_size=DOSSIERS),
    steps=st.lists(st.tuples(st.integers(0, DOSSIERS - 1), st.sampled_from(ACTIONS)), max_size=10),
    returned=st.lists(st.booleans(), max_size=DOSSIERS),
    complaints=st.lists(
        st.tuples(
            st.sampled_from(AGENCIES),
            st.one_of(st.none(), st.integers(0, DOSSIERS - 1)),
            st.integers(1, 31),  # the day of March it is received
            st.integers(0, len(PATHS) - 1),
            st.integers(0, 14),  # days between its steps: answered on time or late, in March or after
        ),
        max_size=5,
    ),
    ratings=st.lists(
        st.tuples(
            st.integers(0, DOSSIERS - 1),
            st.lists(st.integers(1, 5), min_size=4, max_size=4),
            st.integers(3, 31),
        ),
        max_size=DOSSIERS,
    ),
)
def test_rebuilt_complaint_and_rating_facts_equal_the_live_ones_and_each_figure_its_list(
    walk, province, officers, two_supplements_allowed, starts, steps, returned, complaints, ratings
):
    # (the examples share the test's database: each adds its records to those of the examples before it)
    dossiers = play(walk, starts, steps)
    for n, give_back in enumerate(returned):  # some dossiers go the whole way, so that they can be rated
        if give_back and dossiers[n % len(dossiers)].received_at is not None:
            dossiers[n % len(dossiers)] = returned_dossier(walk, dossiers[n % len(dossiers)])
    play_complaints(province, officers, dossiers, complaints, ratings)
    live = facts_now()

    report = reports_rebuild(check=True)
    assert report.equal, report.samples
    reports_rebuild()
    assert facts_now() == live

    tree = AgencyTree()
    units = tree.scored_units()
    for judged in (MARCH[1], at(16, 12)):
        figures = petition_figures(units=units, period_start=MARCH[0], period_end=MARCH[1], at=judged, tree=tree)
        for unit in units:
            for figure in FIGURES:
                listed = petition_list(figure=figure, unit=unit, period_start=MARCH[0], period_end=MARCH[1],
                                       at=judged)  # fmt: skip
                assert figures[unit.id][figure] == listed.count(), (unit.name, figure, judged)


def test_check_finds_a_complaint_fact_or_a_rating_fact_that_differs_and_a_rebuild_repairs_it(walk, province, officers):
    dossier = walk.receive(at(2, 9))
    walk.forward(dossier, at(2, 9, 30))
    walk.finish(dossier, at(2, 10))
    dossier = walk.give_back(dossier, at(2, 11))
    play_complaints(province, officers, [dossier], [("commune_centre", 0, 3, 1, 1)], [(0, [2, 2, 3, 2], 4)])
    assert reports_rebuild(check=True).equal

    ComplaintFact.objects.update(answered_at=at(20, 9))
    RatingFact.objects.update(average="4.00")
    report = reports_rebuild(check=True)

    assert (report.complaint_facts_differing, report.rating_facts_differing, report.equal) == (1, 1, False)
    assert any("answered_at" in line for line in report.samples)
    assert any("average" in line for line in report.samples)
    reports_rebuild()
    assert reports_rebuild(check=True).equal
