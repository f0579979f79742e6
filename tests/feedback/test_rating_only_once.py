"""A dossier is rated once: a second rating, by the service or by posting the form again, is refused in Vietnamese
and the first stays as it was."""

import pytest
import time_machine

from lienthong.feedback.constants import Criterion
from lienthong.feedback.models import Rating, RatingAnswer
from lienthong.feedback.services import FeedbackError, rating_submit
from tests.feedback.given import ANSWERS, at, rating_link, received, returned, text

pytestmark = pytest.mark.django_db
ALREADY = "Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần."


@pytest.fixture
def dossier(province, officers, procedure, applicant, form_data, documents):
    dossier = received(province, officers, procedure, applicant, form_data, documents)
    return returned(dossier, officers, finished_at=at(24, 8), returned_at=at(24, 9))


def test_the_service_refuses_a_second_rating(dossier):
    with time_machine.travel(at(24, 10), tick=False):
        first = rating_submit(dossier=dossier, scores=ANSWERS, comment="Tốt")
    with pytest.raises(FeedbackError) as refused, time_machine.travel(at(24, 11), tick=False):
        rating_submit(dossier=dossier, scores=dict.fromkeys(Criterion.values, 1), comment="Đổi ý")
    assert (refused.value.code, refused.value.message) == (FeedbackError.ALREADY_RATED, ALREADY)
    (only,) = Rating.objects.all()
    assert (only.pk, only.comment, only.rated_at) == (first.pk, "Tốt", at(24, 10))
    assert RatingAnswer.objects.count() == len(Criterion.values)


def test_posting_the_form_again_is_refused(client, dossier):
    link = rating_link(client, dossier, when=at(24, 10))
    with time_machine.travel(at(24, 10, 5), tick=False):
        assert client.post(link, ANSWERS).status_code == 302
        again = client.post(link, dict.fromkeys(Criterion.values, 1))
    assert again.status_code == 409
    assert ALREADY in text(again)
    assert Rating.objects.count() == 1
    assert dict(RatingAnswer.objects.values_list("criterion", "score")) == ANSWERS


@pytest.mark.parametrize(
    "scores",
    [
        {"information": 5, "timeliness": 4, "convenience": 4},  # a criterion left out
        ANSWERS | {"attitude": 6},  # off the scale
        ANSWERS | {"price": 3},  # not a criterion
    ],
)
def test_answers_off_the_table_are_refused(dossier, scores):
    with pytest.raises(FeedbackError) as refused:
        rating_submit(dossier=dossier, scores=scores)
    assert refused.value.code == FeedbackError.INVALID_SCORES
    assert not Rating.objects.exists()
