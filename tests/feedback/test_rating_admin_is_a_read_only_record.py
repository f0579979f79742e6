"""Administrators read ratings — filtered by receiving agency and by month — and cannot add, change or delete one."""

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lienthong.feedback.services import rating_submit
from tests.feedback.given import ANSWERS, at, received, returned

pytestmark = pytest.mark.django_db
LIST = "/admin/feedback/rating/"


@pytest.fixture
def ratings(province, officers, procedure, applicant, form_data, documents):
    given = (province, officers, procedure, applicant, form_data, documents)

    def rated(agency: str, month: int, day: int):
        dossier = received(*given, agency=agency, when=at(day, 10, month=month))
        dossier = returned(dossier, officers, agency=agency, finished_at=at(day + 1, 8, month=month),
                           returned_at=at(day + 1, 9, month=month))  # fmt: skip
        with time_machine.travel(at(day + 1, 10, month=month), tick=False):
            return rating_submit(dossier=dossier, scores=ANSWERS)

    return rated


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("quantri", "q@example.vn", "mat-khau-dai-123"))
    return client


def _rows(client, query: str = "") -> int:
    with time_machine.travel(at(10, 9, month=3), tick=False):
        response = client.get(LIST + query)
    assert response.status_code == 200
    return response.content.decode().count('class="field-rated_at')


def test_filtered_by_agency_and_month_and_read_only(admin_client, ratings, province):
    ratings("commune_centre", 2, 2)
    ratings("centre", 2, 3)
    ratings("commune_centre", 3, 2)
    assert _rows(admin_client) == 3
    assert _rows(admin_client, f"?agency__id__exact={province['centre'].pk}") == 1
    assert _rows(admin_client, "?thang=2026-02") == 2
    assert _rows(admin_client, f"?thang=2026-03&agency__id__exact={province['commune_centre'].pk}") == 1
    with time_machine.travel(at(10, 9, month=3), tick=False):
        page = admin_client.get(LIST).content.decode()
        assert "Đánh giá mức độ hài lòng" in page and "03/2026" in page and "TTPVHCC tỉnh" in page
        assert admin_client.get(LIST + "add/").status_code == 403
        rating_page = admin_client.get(f"{LIST}{ratings('centre', 3, 4).pk}/change/")
    assert rating_page.status_code == 200 and "Rất hài lòng" in rating_page.content.decode()
    assert 'type="submit" value="Lưu' not in rating_page.content.decode()


def test_a_list_of_many_costs_what_a_list_of_one_does(admin_client, ratings):
    ratings("commune_centre", 2, 2)
    with CaptureQueriesContext(connection) as one:
        _rows(admin_client)
    for day in range(3, 9):
        ratings("commune_centre", 2, day)
    with CaptureQueriesContext(connection) as seven:
        assert _rows(admin_client) == 7
    assert len(seven) == len(one)
