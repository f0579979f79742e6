"""The applicant of a returned dossier looks it up, follows the rating link, answers, and is thanked; the rating is
recorded with its time, its answers and the receiving agency."""

from decimal import Decimal

import pytest
import time_machine
from django.conf import settings

from lienthong.feedback.models import Rating
from tests.feedback.given import ANSWERS, at, rating_link, received, returned, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(province, officers, procedure, applicant, form_data, documents):
    dossier = received(province, officers, procedure, applicant, form_data, documents)
    return returned(dossier, officers, finished_at=at(24, 8), returned_at=at(24, 9))


def test_the_applicant_rates_a_returned_dossier_from_the_tracking_page(client, dossier, province):
    # given: the look-up offers the rating
    link = rating_link(client, dossier, when=at(24, 10))
    assert link is not None

    # when: the form is opened, then answered
    with time_machine.travel(at(24, 10, 5), tick=False):
        form = client.get(link)
    assert form.status_code == 200 and form["Cache-Control"] == "private, no-store"
    page = text(form)
    assert dossier.code in page and "Đánh giá mức độ hài lòng" in page
    for question in ["Tìm hiểu thông tin, hướng dẫn về thủ tục", "Thời gian giải quyết so với ngày hẹn trả",
                     "Sự thuận tiện khi nộp hồ sơ và nhận kết quả", "Thái độ phục vụ của cán bộ, công chức",
                     "Rất hài lòng", "Rất không hài lòng"]:  # fmt: skip
        assert question in page
    with time_machine.travel(at(24, 10, 7), tick=False):
        posted = client.post(link, ANSWERS | {"comment": "  Cán bộ hướng dẫn tận tình.  "})

    # then: recorded, and the applicant is thanked
    assert posted.status_code == 302 and posted["Location"] == link
    rating = Rating.objects.get(dossier=dossier)
    assert rating.rated_at == at(24, 10, 7)
    assert rating.agency == province["commune_centre"]
    assert rating.average == Decimal("4.50")
    assert rating.comment == "Cán bộ hướng dẫn tận tình."
    assert dict(rating.answers.values_list("criterion", "score")) == ANSWERS
    with time_machine.travel(at(24, 10, 8), tick=False):
        thanks = text(client.get(link))
    assert "Cảm ơn bạn đã đánh giá!" in thanks and "10:07 24/02/2026" in thanks


def test_an_unanswered_criterion_is_asked_again_and_nothing_is_saved(client, dossier):
    link = rating_link(client, dossier, when=at(24, 10))
    with time_machine.travel(at(24, 10, 5), tick=False):
        response = client.post(link, {key: value for key, value in ANSWERS.items() if key != "attitude"})
    assert response.status_code == 400
    assert "Vui lòng chọn một mức độ." in text(response)
    assert not Rating.objects.exists()


def test_the_rating_pages_in_english(client, dossier):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    link = rating_link(client, dossier, when=at(24, 10))
    with time_machine.travel(at(24, 10, 5), tick=False):
        form = client.get(link)
        assert form["Content-Language"] == "en"
        page = text(form)
        for expected in ["Rate your satisfaction", "Staff attitude", "Very satisfied", "Send the rating"]:
            assert expected in page, expected
        client.post(link, ANSWERS)
        assert "Thank you for your rating!" in text(client.get(link))
