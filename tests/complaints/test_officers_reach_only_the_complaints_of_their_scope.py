"""The handling agency's officers see and act; the province's monitoring office reads all; another commune's
officers get 404 on every page and action of a complaint that is not theirs, and nothing is written."""

import pytest
from django.urls import reverse

from lienthong.complaints.constants import Status
from lienthong.complaints.models import Complaint, ComplaintEvent
from lienthong.notify.models import Message
from tests.backoffice.scope_given import as_officer

pytestmark = pytest.mark.django_db
ACTIONS = {
    "accept": {},
    "refuse": {"reason": "Không thuộc thẩm quyền."},
    "forward": {"agency": "", "note": ""},
    "answer": {"answer": "Trả lời"},
    "publish": {"public_content": ""},
}


def _snapshot() -> list:
    return [list(Complaint.objects.values()), list(ComplaintEvent.objects.values()), Message.objects.count()]


@pytest.mark.parametrize("role", ["receiver", "specialist", "leader", "monitor"])
def test_another_communes_officer_gets_404_and_nothing_is_written(submit, neighbours, province, role):
    complaint = submit()
    client = as_officer(neighbours["officers"][f"{role}@other_committee"])
    before = _snapshot()

    assert client.get(reverse("complaints_backoffice:detail", args=[complaint.pk])).status_code == 404
    for name, data in ACTIONS.items():
        data = data | ({"agency": str(province["department"].pk)} if name == "forward" else {})
        url = reverse("complaints_backoffice:action", args=[complaint.pk, name])
        assert client.post(url, data).status_code == 404, name
    assert complaint.code not in client.get(reverse("complaints_backoffice:list") + "?show=all").content.decode()
    assert _snapshot() == before


def test_the_handling_agencys_officer_lists_opens_and_accepts(submit, officers):
    complaint = submit()
    client = as_officer(officers["receiver@committee"])

    listing = client.get(reverse("complaints_backoffice:list"))
    page = client.get(reverse("complaints_backoffice:detail", args=[complaint.pk]))
    response = client.post(reverse("complaints_backoffice:action", args=[complaint.pk, "accept"]))

    assert complaint.code in listing.content.decode()
    assert "Trần Thị Lan" in page.content.decode()  # officers see the sender
    assert response.status_code == 302
    assert Complaint.objects.get().status == Status.ACCEPTED


def test_the_provincial_monitor_reads_every_complaint_and_publishes(submit, officers):
    complaint = submit()
    client = as_officer(officers["monitor@centre"])

    assert client.get(reverse("complaints_backoffice:detail", args=[complaint.pk])).status_code == 200
    response = client.post(reverse("complaints_backoffice:action", args=[complaint.pk, "accept"]))

    assert response.status_code == 403  # reads and publishes; the handling agency accepts and answers
    assert Complaint.objects.get().status == Status.RECEIVED


def test_the_provincial_department_does_not_see_a_communes_complaint(submit, officers):
    complaint = submit()
    client = as_officer(officers["leader@department"])

    assert client.get(reverse("complaints_backoffice:detail", args=[complaint.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, submit):
    complaint = submit()

    response = client.post(reverse("complaints_backoffice:action", args=[complaint.pk, "accept"]))

    assert response.status_code == 302 and response["Location"].startswith("/backoffice/login/")
    assert Complaint.objects.get().status == Status.RECEIVED
