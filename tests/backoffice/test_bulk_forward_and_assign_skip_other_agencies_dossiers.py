"""The inbox's bulk forward and assign take dossier ids from the form: ids of other agencies' dossiers slipped in are
dropped before any service is called, so only the officer's own dossiers move (issue 3, items 5 and 7)."""

import pytest
from django.urls import reverse

from lienthong.dossiers.constants import EventKind, Status
from tests.backoffice import scope_given as given
from tests.backoffice.scope_given import Snapshot, as_officer

pytestmark = pytest.mark.django_db
NEIGHBOUR_DESK = "receiver@other_centre"


@pytest.fixture
def everyone(officers, neighbours):
    return officers | neighbours["officers"]


def _theirs(province, everyone, procedure, neighbours):
    return given.receive(province, everyone, procedure, desk=NEIGHBOUR_DESK, agency=neighbours["other_centre"])


def test_another_desks_bulk_forward_moves_only_its_own_dossier(province, everyone, procedure, neighbours):
    ours = given.receive(province, everyone, procedure)
    theirs = _theirs(province, everyone, procedure, neighbours)
    before = Snapshot.of(ours)
    # when the neighbouring desk forwards its dossier with ours slipped into the selection
    as_officer(everyone[NEIGHBOUR_DESK]).post(
        reverse("backoffice:bulk"), {"operation": "forward", "dossier": [ours.pk, theirs.pk]}
    )
    # then its own dossier moved and ours did not
    theirs.refresh_from_db()
    assert theirs.status == Status.PROCESSING
    assert Snapshot.of(ours) == before and before.dossier[0] == Status.RECEIVED


def test_another_committees_bulk_assign_assigns_only_its_own_step(province, everyone, procedure, neighbours):
    ours = given.forwarded(province, everyone, procedure)
    theirs = given.forward_from_desk(everyone, _theirs(province, everyone, procedure, neighbours), NEIGHBOUR_DESK)
    before = Snapshot.of(ours)
    leader = as_officer(everyone["leader@other_committee"])
    # when the neighbouring committee's leader assigns its step with ours in the selection, to its own specialist
    # and then to our committee's specialist
    for assignee in ("specialist@other_committee", "specialist@committee"):
        leader.post(reverse("backoffice:bulk"), {"operation": "assign", "dossier": [ours.pk, theirs.pk],
                                                 "assignee": everyone[assignee].pk})  # fmt: skip
    # then its own step was assigned (the second time refused: not one of its officers) and ours untouched
    assert given.active(theirs, "Xác nhận").assignee == everyone["specialist@other_committee"]
    assert list(theirs.events.values_list("kind", flat=True)).count(EventKind.ASSIGNED) == 1
    assert Snapshot.of(ours) == before


def test_the_provinces_monitor_moves_nothing_in_bulk(province, everyone, procedure):
    received = given.receive(province, everyone, procedure)
    at_committee = given.forwarded(province, everyone, procedure)
    before = {dossier.pk: Snapshot.of(dossier) for dossier in (received, at_committee)}
    monitor = as_officer(everyone["monitor@centre"])
    # when the province's monitor, who may read both, selects them for a bulk forward and a bulk assign
    for operation in ("forward", "assign"):
        monitor.post(reverse("backoffice:bulk"), {"operation": operation, "dossier": list(before),
                                                  "assignee": everyone["specialist@committee"].pk})  # fmt: skip
    # then nothing changed
    assert {dossier.pk: Snapshot.of(dossier) for dossier in (received, at_committee)} == before
