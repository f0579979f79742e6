"""Only a returned dossier is rated: the look-up offers no link before, and the service refuses in Vietnamese."""

import pytest
import time_machine

from lienthong.feedback.models import Rating
from lienthong.feedback.services import FeedbackError, rating_submit
from lienthong.portal.rating import rating_token
from tests.feedback.given import ANSWERS, at, finished, rating_link, received, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(province, officers, procedure, applicant, form_data, documents):
    return received(province, officers, procedure, applicant, form_data, documents)


def test_the_service_refuses_a_dossier_not_yet_returned(dossier):
    for state in [dossier, finished(dossier, when=at(24, 8))]:  # received, then with its result waiting at the desk
        with pytest.raises(FeedbackError) as refused:
            rating_submit(dossier=state, scores=ANSWERS)
        assert refused.value.code == FeedbackError.NOT_RETURNED
        assert refused.value.message == "Chỉ đánh giá được hồ sơ đã trả kết quả. Hồ sơ này chưa trả kết quả."
    assert not Rating.objects.exists()


def test_the_tracking_page_offers_no_rating_before_the_return(client, dossier):
    assert rating_link(client, dossier, when=at(24, 10)) is None


def test_a_link_for_a_dossier_not_returned_is_refused_with_the_reason(client, dossier):
    link = f"/tra-cuu/danh-gia/{rating_token(dossier.code)}/"  # as if the page had offered one
    with time_machine.travel(at(24, 10), tick=False):
        shown, posted = client.get(link), client.post(link, ANSWERS)
    for response in (shown, posted):
        assert response.status_code == 400
        assert "Chỉ đánh giá được hồ sơ đã trả kết quả." in text(response)
        assert 'name="attitude"' not in response.content.decode()
    assert not Rating.objects.exists()
