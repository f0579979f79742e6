"""`GET /api/v1/track` tells the same facts as the page, with the national status code besides."""

import datetime as dt

import pytest

from lienthong.dossiers.constants import Status
from lienthong.dossiers.models import Dossier, StatusMapping
from lienthong.dossiers.selectors import national_status_code
from lienthong.portal.api import TrackOut
from tests.portal.track_given import (  # noqa: F401
    DUE_AT,
    ID_DIGITS,
    PHONE_DIGITS,
    fresh_counters_fixture,
    given_fixture,
    look_up,
    look_up_json,
    text,
)

pytestmark = pytest.mark.django_db


def test_every_fact_of_the_json_is_on_the_page(client, given):
    dossier = given.at_the_department()

    body = look_up_json(client, dossier.code, ID_DIGITS).json()
    page = text(look_up(client, dossier.code, ID_DIGITS))

    assert body["code"] == dossier.code
    assert (body["status"], body["national_status"], body["national_status_label"]) == ("processing", 4, "Đang xử lý")
    assert body["status_text"] == "Hồ sơ đang được xử lý tại Sở Nông nghiệp và Môi trường."
    assert body["processing_agencies"] == ["Sở Nông nghiệp và Môi trường"]
    assert dt.datetime.fromisoformat(body["due_at"]) == DUE_AT
    assert body["due_at"].endswith("+07:00")
    assert (body["on_time"], body["clock_paused"]) == (True, False)
    assert body["receiving_agency"]["name"] == "TTPVHCC phường Trấn Biên"
    assert body["collect"]["delivery"] == "at_desk"
    for fact in [body["status_text"], body["timing_text"], body["procedure"], body["collect"]["text"]]:
        assert fact in page
    for entry in body["timeline"]:
        when = dt.datetime.fromisoformat(entry["at"])
        assert f"{when:%H:%M %d/%m/%Y} {entry['text']}" in page
    assert [entry["kind"] for entry in body["timeline"]] == ["received", "forwarded", "forwarded"]


def test_the_answer_follows_its_documented_schema(client, given):
    dossier = given.returned_electronically()
    TrackOut.model_validate(look_up_json(client, dossier.code, PHONE_DIGITS).json())
    TrackOut.model_validate(look_up_json(client, given.fees_notified().code, PHONE_DIGITS).json())


def test_the_national_code_follows_the_administrators_mapping(client, given):
    dossier = given.at_the_department()
    StatusMapping.objects.update_or_create(status="processing", defaults={"national_code": 9})
    body = look_up_json(client, dossier.code, PHONE_DIGITS).json()
    assert (body["national_status"], body["national_status_label"]) == (9, "Đã xử lý xong")


@pytest.mark.parametrize("status", list(Status))
def test_the_national_code_is_the_one_the_selector_gives_for_every_status(client, given, status):
    dossier = given.received()
    StatusMapping.objects.update_or_create(status=Status.WITHDRAWN, defaults={"national_code": 8})  # one override
    Dossier.objects.filter(pk=dossier.pk).update(status=status)
    body = look_up_json(client, dossier.code, PHONE_DIGITS).json()
    assert body["national_status"] == national_status_code(status)


def test_malformed_digits_or_unknown_parameters_are_422_problems(client, given):
    dossier = given.received()
    assert look_up_json(client, dossier.code, "12").status_code == 422
    response = client.get("/api/v1/track", {"code": dossier.code, "digits": PHONE_DIGITS, "phone": "0912345678"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_the_answer_is_not_cached_by_anyone_but_the_client(client, given):
    dossier = given.received()
    assert look_up(client, dossier.code, PHONE_DIGITS)["Cache-Control"] == "private, no-store"
    assert look_up_json(client, dossier.code, PHONE_DIGITS)["Cache-Control"] == "private, no-store"
    assert look_up_json(client, dossier.code, "0000")["Cache-Control"] == "private, no-store"
