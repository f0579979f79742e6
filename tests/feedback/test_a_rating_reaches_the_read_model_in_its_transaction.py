"""A rating is the feedback app's one event: given, it reaches the reporting read model (`reports.RatingFact`) in
the rating's own transaction — Decision 766's "dossiers with a PAKN or a dislike" is counted from there, never from
the ratings' table — and `reports_rebuild --check` finds the live fact equal to one rebuilt from the ratings."""

from decimal import Decimal

import pytest
import time_machine

from lienthong.feedback.services import rating_submit
from lienthong.reports.models import RatingFact
from lienthong.reports.rebuild import reports_rebuild
from tests.feedback.given import at, received, returned

pytestmark = pytest.mark.django_db


def test_a_rating_reaches_the_read_model(province, officers, procedure, applicant, form_data, documents):
    dossier = received(province, officers, procedure, applicant, form_data, documents)
    dossier = returned(dossier, officers, finished_at=at(24, 8), returned_at=at(24, 9))
    assert not RatingFact.objects.exists()

    with time_machine.travel(at(24, 10), tick=False):
        rating = rating_submit(dossier=dossier, scores={"information": 2, "timeliness": 1, "convenience": 3,
                                                        "attitude": 2})  # fmt: skip

    fact = RatingFact.objects.get()
    assert (fact.dossier_id, fact.rating_id, fact.agency_id, fact.average, fact.rated_at) == (
        dossier.pk, rating.pk, province["commune_centre"].pk, Decimal("2.00"), at(24, 10)
    )  # fmt: skip
    # (the givens bring the dossier to "returned" without its events: only the rating's fact is compared here)
    report = reports_rebuild(check=True)
    assert (report.ratings, report.rating_facts_differing) == (1, 0)


def test_a_rating_given_earlier_counts_then(province, officers, procedure, applicant, form_data, documents):
    # the demo's history rates its dossiers when their applicants would have (`demo.ratings`), not at the build
    dossier = received(province, officers, procedure, applicant, form_data, documents)
    dossier = returned(dossier, officers, finished_at=at(24, 8), returned_at=at(24, 9))

    with time_machine.travel(at(27, 10), tick=False):
        rating = rating_submit(dossier=dossier, scores=dict.fromkeys(("information", "timeliness", "convenience",
                                                                      "attitude"), 4), at=at(25, 15))  # fmt: skip

    assert rating.rated_at == RatingFact.objects.get().rated_at == at(25, 15)
    assert reports_rebuild(check=True).rating_facts_differing == 0
