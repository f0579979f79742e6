"""Search by dossier code, applicant name with or without diacritics, identity number — within the officer's scope."""

import pytest
from django.urls import reverse

from lienthong.dossiers.services import Applicant
from tests.backoffice.web_given import signed_in
from tests.dossiers.lifecycle_given import received

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(province, officers, procedure, form_data, documents):
    applicant = Applicant(name="Trần Đức Thắng", id_number="075088004321", phone="0987654321")
    return received(province, officers, procedure, applicant, form_data, documents)


@pytest.mark.parametrize("query", ["Trần Đức Thắng", "tran duc thang", "DUC THANG", "075088004321"])
def test_the_desk_finds_the_dossier(officers, dossier, query):
    page = signed_in(officers, "receiver@commune_centre").get(reverse("backoffice:search"), {"q": query})
    assert page.status_code == 200
    assert dossier.code in page.content.decode()


def test_the_code_finds_it_in_any_case(officers, dossier):
    page = signed_in(officers, "receiver@commune_centre").get(reverse("backoffice:search"), {"q": dossier.code.lower()})
    assert dossier.code in page.content.decode()


def test_a_name_that_does_not_match_finds_nothing(officers, dossier):
    page = signed_in(officers, "receiver@commune_centre").get(reverse("backoffice:search"), {"q": "Lê Văn Tám"})
    assert dossier.code not in page.content.decode()
    assert "0 hồ sơ khớp" in page.content.decode()
