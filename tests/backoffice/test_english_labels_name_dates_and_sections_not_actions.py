"""In English the back office labels a date by what happened ("Received", "Result returned"), not by the action that
made it happen ("Receive", "Return the result"), and names its sections as places ("Desk intake", "Receive a
dossier") — one Vietnamese word serves both in Vietnamese, so each use carries its own context (issue 11, item 12)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from lienthong.complaints.constants import Kind
from lienthong.complaints.services import Sender, complaint_submit
from lienthong.dossiers import services
from tests.backoffice import scope_given as given
from tests.backoffice.scope_given import as_officer

pytestmark = pytest.mark.django_db


def _in_english(user):
    client = as_officer(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _labels(page: str) -> list[str]:
    return [label.strip() for label in re.findall(r"<dt>([^<]*)</dt>", page)]


def test_a_returned_dossiers_dates_are_labelled_by_what_happened(province, officers, procedure):
    # given a dossier received, processed and returned at the commune's desk
    dossier = given.result_ready(province, officers, procedure)
    services.dossier_return(officer=officers[given.DESK], dossier=dossier, delivery="at_desk")
    # when the desk reads its page in English
    page = _in_english(officers[given.DESK]).get(given.dossier_url(dossier)).content.decode()
    # then each date is named by its event
    labels = _labels(page)
    assert {"Received", "Processed", "Result returned", "Receiving desk"} <= set(labels), labels
    assert not {"Receive", "Return the result", "Received at"} & set(labels), labels


def test_the_desks_intake_is_a_place_in_the_menu_and_its_page(province, officers):
    client = _in_english(officers[given.DESK])
    page = client.get(reverse("backoffice:intake")).content.decode()
    assert f'<a href="{reverse("backoffice:intake")}" aria-current="true">Desk intake</a>' in page
    assert "<h1>Receive a dossier</h1>" in page and "Dossier received" not in page


def test_a_complaints_receipt_date_is_labelled_received(province, officers):
    lan = Sender(name="Trần Thị Lan", phone="0987654321")
    complaint = complaint_submit(kind=Kind.REFLECTION, sender=lan, title="Chậm", content="Hồ sơ quá hẹn.",
                                 concerned_agency=province["committee"])  # fmt: skip
    page = _in_english(officers["specialist@committee"]).get(
        reverse("complaints_backoffice:detail", args=[complaint.pk])
    )
    labels = _labels(page.content.decode())
    assert "Received" in labels and "Receive" not in labels, labels
