"""The officers' list and the public list cost the same queries for one complaint as for many (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lienthong.complaints.services import complaint_accept, complaint_answer, complaint_publish
from tests.backoffice.scope_given import as_officer

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)  # warm the session and the calendar
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _published(submit, officer):
    complaint = submit(at=None)
    complaint_accept(complaint=complaint, officer=officer)
    complaint_answer(complaint=complaint, officer=officer, answer="Đã xử lý.")
    complaint_publish(complaint=complaint, officer=officer)


def test_the_lists_cost_the_same_for_one_and_for_many(submit, officers, client):
    leader = officers["leader@committee"]
    desk = as_officer(leader)
    _published(submit, leader)
    one = (_queries(desk, reverse("complaints_backoffice:list") + "?show=all"),
           _queries(client, reverse("complaints:list")))  # fmt: skip
    for _ in range(6):
        _published(submit, leader)

    many = (_queries(desk, reverse("complaints_backoffice:list") + "?show=all"),
            _queries(client, reverse("complaints:list")))  # fmt: skip

    assert many == one
