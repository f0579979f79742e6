"""Decree 61 art. 19(1): the head of the handling agency assigns who handles the step."""

import pytest
import time_machine

from lienthong.dossiers.constants import EventKind, StepState
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.steps import dossier_assign, dossier_complete_step
from tests.dossiers.steps_support import active_steps, assert_chained, at, kinds, receive_and_forward

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday_morning():
    with time_machine.travel(at(2, 9), tick=False):
        yield


@pytest.fixture
def forwarded(province, officers, procedure, applicant, form_data, documents):
    return receive_and_forward(province, officers, procedure, applicant, form_data, documents)


def test_the_committee_leader_assigns_a_specialist_and_can_reassign(forwarded, officers):
    (check,) = active_steps(forwarded)

    step = dossier_assign(
        officer=officers["leader@committee"],
        dossier=forwarded,
        step_instance=check,
        assignee=officers["specialist@committee"],
    )
    assert step.assignee == officers["specialist@committee"]
    dossier_assign(
        officer=officers["leader@committee"],
        dossier=forwarded,
        step_instance=check,
        assignee=officers["leader@committee"],
    )

    check.refresh_from_db()
    assert check.assignee == officers["leader@committee"]
    events = assert_chained(forwarded)
    assert [e.kind for e in events] == ["received", "forwarded", "assigned", "assigned"]
    first, second = events[2:]
    assert (first.actor, first.status_before, first.status_after) == (
        officers["leader@committee"],
        "processing",
        "processing",
    )
    assert first.payload["step"]["id"] == check.pk and first.payload["step"]["agency_code"] == "000.00.99.H19"
    assert (first.payload["assignee"], first.payload["previous_assignee"]) == ("specialist.committee", None)
    assert (second.payload["assignee"], second.payload["previous_assignee"]) == (
        "leader.committee",
        "specialist.committee",
    )


def test_the_assignee_may_complete_the_step_without_holding_its_role(forwarded, officers):
    # given the step, a specialist's, assigned to the committee's leader
    (check,) = active_steps(forwarded)
    dossier_assign(
        officer=officers["leader@committee"],
        dossier=forwarded,
        step_instance=check,
        assignee=officers["leader@committee"],
    )

    dossier_complete_step(officer=officers["leader@committee"], dossier=forwarded, step_instance=check)

    check.refresh_from_db()
    assert check.state == StepState.DONE
    assert kinds(forwarded) == ["received", "forwarded", "assigned", "step_completed", "forwarded"]
    assert forwarded.events.get(kind=EventKind.STEP_COMPLETED).actor == officers["leader@committee"]
    assert_chained(forwarded)


@pytest.mark.parametrize(
    ("who", "assignee", "code"),
    [
        ("specialist@committee", "specialist@committee", DossierError.NOT_PERMITTED),
        ("leader@department", "specialist@department", DossierError.NOT_PERMITTED),
        ("leader@committee", "specialist@department", DossierError.INVALID_TARGET),
        ("leader@committee", "receiver@committee", DossierError.INVALID_TARGET),
    ],
    ids=["not-a-leader", "leader-of-another-agency", "assignee-of-another-agency", "assignee-not-a-handler"],
)
def test_assignment_is_the_agency_leaders_and_to_its_own_handlers(forwarded, officers, who, assignee, code):
    (check,) = active_steps(forwarded)
    with pytest.raises(DossierError) as refused:
        dossier_assign(officer=officers[who], dossier=forwarded, step_instance=check, assignee=officers[assignee])
    assert refused.value.code == code
    check.refresh_from_db()
    assert check.assignee is None
    assert kinds(forwarded) == ["received", "forwarded"]
    assert_chained(forwarded)
