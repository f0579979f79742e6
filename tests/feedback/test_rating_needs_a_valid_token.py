"""The rating form answers only through the link a successful look-up hands out, while it is fresh: a made-up,
altered, expired or other-purpose token gets the same 404 and writes nothing."""

import pytest
import time_machine
from django.core import signing

from lienthong.feedback.models import Rating
from lienthong.portal.tracking import RESULT_SALT
from tests.feedback.given import ANSWERS, at, rating_link, received, returned, text

pytestmark = pytest.mark.django_db
INVALID = "Liên kết đánh giá không hợp lệ hoặc đã hết hạn."


@pytest.fixture
def dossier(province, officers, procedure, applicant, form_data, documents):
    dossier = received(province, officers, procedure, applicant, form_data, documents)
    return returned(dossier, officers, finished_at=at(24, 8), returned_at=at(24, 9))


def _refused(client, link: str, *, when) -> None:
    with time_machine.travel(when, tick=False):
        for response in (client.get(link), client.post(link, ANSWERS)):
            assert response.status_code == 404
            assert INVALID in text(response)


def test_made_up_altered_and_other_purpose_tokens_are_refused(client, dossier):
    link = rating_link(client, dossier, when=at(24, 10))
    token = link.rstrip("/").rsplit("/", 1)[1]
    for bad in [
        dossier.code,
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        signing.dumps(dossier.code),  # no salt
        signing.dumps(dossier.code, salt=RESULT_SALT),  # a result-download token
    ]:
        _refused(client, f"/tra-cuu/danh-gia/{bad}/", when=at(24, 10, 1))
    assert not Rating.objects.exists()


def test_a_link_expires_after_two_hours(client, dossier):
    link = rating_link(client, dossier, when=at(24, 10))
    with time_machine.travel(at(24, 11, 59), tick=False):
        assert client.get(link).status_code == 200
    _refused(client, link, when=at(24, 12, 1))
    assert not Rating.objects.exists()


def test_a_wrong_look_up_hands_out_no_link(client, dossier):
    with time_machine.travel(at(24, 10), tick=False):
        response = client.get("/tra-cuu/", {"code": dossier.code, "digits": "0000"})
    assert response.status_code == 404 and "/tra-cuu/danh-gia/" not in response.content.decode()
