"""Actions from the dossier page: each calls its service and leaves its event; a refused one answers 400 or 403 with
the reason in Vietnamese and the officer's input kept, and writes nothing."""

import pytest
from django.conf import settings
from django.urls import reverse

from lienthong.dossiers.constants import EventKind, Status
from tests.backoffice.web_given import signed_in
from tests.dossiers.lifecycle_given import received

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(province, officers, procedure, applicant, form_data, documents):
    return received(province, officers, procedure, applicant, form_data, documents)


@pytest.fixture
def desk(officers):
    return signed_in(officers, "receiver@commune_centre")


def _post(client, dossier, action, **data):
    return client.post(reverse("backoffice:action", args=[dossier.pk, action]), data)


def test_a_supplement_is_requested_and_recorded_from_the_page(desk, dossier):
    response = _post(desk, dossier, "supplement", missing="Bản sao sổ hộ khẩu\nTrích lục bản đồ", note="Nộp tại quầy")
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT_REQUESTED
    event = dossier.events.get(kind=EventKind.SUPPLEMENT_REQUESTED)
    assert event.payload["missing"] == ["Bản sao sổ hộ khẩu", "Trích lục bản đồ"]
    page = desk.get(reverse("backoffice:dossier", args=[dossier.pk])).content.decode()
    assert reverse("backoffice:document", args=[dossier.pk, "02", "pdf"]) in page  # Mẫu 02 is offered
    assert _post(desk, dossier, "supplement_received", documents_added="Bản sao sổ hộ khẩu").status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
    assert dossier.events.filter(kind=EventKind.SUPPLEMENT_RECEIVED).count() == 1


def test_a_second_supplement_request_is_refused_with_the_law_s_reason(desk, dossier):
    _post(desk, dossier, "supplement", missing="Bản sao sổ hộ khẩu")
    _post(desk, dossier, "supplement_received")
    events = dossier.events.count()
    response = _post(desk, dossier, "supplement", missing="Giấy tờ khác")
    assert response.status_code == 400
    assert "Giấy tờ khác" in response.content.decode()  # the form comes back as typed
    assert dossier.events.count() == events


def test_refusing_without_a_reason_is_a_form_error_not_a_refusal(desk, dossier):
    response = _post(desk, dossier, "refuse", reason="  ")
    assert response.status_code == 400
    assert "Thông tin chưa hợp lệ" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED and dossier.events.count() == 1


def test_an_action_the_role_does_not_allow_is_refused_by_the_service(officers, dossier):
    # the commune committee's specialist has no step on a dossier still at the desk: it is outside their scope
    clerk = signed_in(officers, "specialist@committee")
    assert _post(clerk, dossier, "forward").status_code == 404
    # the desk's own leader sees it (the desk's agency) only if they hold a desk role there: they don't
    assert dossier.events.count() == 1


def test_an_unknown_action_is_not_found(desk, dossier):
    assert _post(desk, dossier, "teleport").status_code == 404


def test_garbage_in_a_step_field_is_a_form_error(officers, desk, dossier):
    _post(desk, dossier, "forward")
    clerk = signed_in(officers, "specialist@committee")
    response = _post(clerk, dossier, "complete", step="not-a-number", note="x")
    assert response.status_code == 400
    assert dossier.events.filter(kind=EventKind.STEP_COMPLETED).count() == 0


def test_the_page_speaks_english_when_asked(desk, dossier):
    desk.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = desk.get(reverse("backoffice:dossier", args=[dossier.pk])).content.decode()
    assert "Forward for processing" in page and "Dossier log" in page
