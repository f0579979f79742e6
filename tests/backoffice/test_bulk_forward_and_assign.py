"""Bulk actions from the inbox: the desk forwards many dossiers at once, a leader assigns many; each goes through its
own service call, writes its own event, and one that cannot be moved is reported without stopping the rest."""

import pytest
from django.urls import reverse

from lienthong.dossiers.constants import EventKind, Status, StepState
from lienthong.dossiers.services import dossier_forward
from tests.backoffice.web_given import signed_in
from tests.dossiers.lifecycle_given import received

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(province, officers, procedure, applicant, form_data, documents):
    return [received(province, officers, procedure, applicant, form_data, documents) for _ in range(3)]


def test_the_desk_forwards_the_selected_dossiers(officers, three):
    first, second, third = three
    dossier_forward(officer=officers["receiver@commune_centre"], dossier=third)  # already forwarded: reported
    desk = signed_in(officers, "receiver@commune_centre")
    selected = {"operation": "forward", "dossier": [first.pk, second.pk, third.pk]}
    response = desk.post(reverse("backoffice:bulk"), selected, follow=True)
    page = response.content.decode()
    assert "Đã chuyển xử lý 2 hồ sơ." in page
    assert f"1 hồ sơ không chuyển xử lý được: {third.code}" in page
    for dossier in (first, second):
        dossier.refresh_from_db()
        assert dossier.status == Status.PROCESSING
        assert dossier.events.filter(kind=EventKind.FORWARDED, actor=officers["receiver@commune_centre"]).count() == 1
    assert third.events.filter(kind=EventKind.FORWARDED).count() == 1


def test_a_leader_assigns_the_selected_dossiers_to_a_specialist(officers, three, province):
    for dossier in three:
        dossier_forward(officer=officers["receiver@commune_centre"], dossier=dossier)
    leader = signed_in(officers, "leader@committee")
    specialist = officers["specialist@committee"]
    inbox = leader.get(reverse("backoffice:inbox"), {"box": "agency"}).content.decode()
    assert all(dossier.code in inbox for dossier in three)
    response = leader.post(reverse("backoffice:bulk"), {"operation": "assign", "assignee": specialist.pk,
                                                       "dossier": [d.pk for d in three]}, follow=True)  # fmt: skip
    assert "Đã phân công 3 hồ sơ." in response.content.decode()
    for dossier in three:
        step = dossier.steps.get(state=StepState.ACTIVE)
        assert step.assignee == specialist
        event = dossier.events.get(kind=EventKind.ASSIGNED)
        assert event.actor == officers["leader@committee"] and event.payload["assignee"] == specialist.username


def test_an_empty_selection_changes_nothing(officers, three):
    desk = signed_in(officers, "receiver@commune_centre")
    response = desk.post(reverse("backoffice:bulk"), {"operation": "forward"}, follow=True)
    assert "Chưa chọn hồ sơ nào." in response.content.decode()
    assert all(d.events.count() == 1 for d in three)
