"""Issue 11, point 5 — Decree 61 art. 19(1): at the process's own "Phân công xử lý" step the department's leader
names the specialist. That closes the leader's step (done by the leader) and opens the specialists' step assigned to
the one named, who carries on with the department's later specialist steps; the leader's approval is the leaders'."""

import pytest
import time_machine

from lienthong.dossiers.constants import Channel, EventKind, StepState
from lienthong.dossiers.services import DossierError, dossier_assign, dossier_complete_step, dossier_receive
from lienthong.dossiers.services.steps import dossier_forward
from tests.dossiers.steps_support import active_steps, assert_chained, at, events_of, kinds

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday_morning():
    with time_machine.travel(at(2, 9), tick=False):
        yield


@pytest.fixture
def at_assignment(province, officers, assigning_procedure, applicant, form_data):
    """Received and forwarded at the provincial desk: the department leader's "Phân công xử lý" is open."""
    dossier = dossier_receive(
        officer=officers["receiver@centre"], agency=province["centre"], version=assigning_procedure,
        channel=Channel.COUNTER, applicant=applicant, form_data=form_data,
        documents_present=set(assigning_procedure.documents.values_list("pk", flat=True)),
    )  # fmt: skip
    return dossier_forward(officer=officers["receiver@centre"], dossier=dossier)


def _complete(officers, dossier, who: str, name: str):
    (step,) = [s for s in active_steps(dossier) if s.name == name]
    dossier_complete_step(officer=officers[who], dossier=dossier, step_instance=step, note="Đạt")


def test_naming_the_specialist_completes_the_leaders_step_and_assigns_the_specialists_step(at_assignment, officers):
    (assignment,) = active_steps(at_assignment)
    assert assignment.name == "Phân công xử lý"

    assigned = dossier_assign(officer=officers["leader@department"], dossier=at_assignment,
                              step_instance=assignment, assignee=officers["specialist@department"])  # fmt: skip

    # then the leader's step is done, by the leader
    assignment.refresh_from_db()
    assert (assignment.state, assignment.finished_at, assignment.assignee) == (StepState.DONE, at(2, 9), None)
    assert "specialist.department" in assignment.note
    # and the specialists' step is open, assigned; the committee's parallel step is the committee's pool's
    assert [(s.name, s.agency.identifier_code, s.assignee) for s in active_steps(at_assignment)] == [
        ("Thẩm định", "000.00.03.H19", officers["specialist@department"]),
        ("Xác minh", "000.00.99.H19", None),
    ]
    assert assigned.name == "Thẩm định"
    assert kinds(at_assignment) == ["received", "forwarded", "step_completed", "forwarded", "assigned"]
    completed, forwarded, named = events_of(at_assignment)[2:]
    assert (completed.actor, completed.payload["step"]["id"]) == (officers["leader@department"], assignment.pk)
    assert [s["name"] for s in forwarded.payload["steps"]] == ["Thẩm định", "Xác minh"]
    assert named.actor == officers["leader@department"]
    assert (named.payload["step"]["id"], named.payload["assignee"]) == (assigned.pk, "specialist.department")
    assert_chained(at_assignment)


def test_the_named_specialist_carries_on_and_the_approval_stays_with_the_leaders(at_assignment, officers):
    (assignment,) = active_steps(at_assignment)
    dossier_assign(officer=officers["leader@department"], dossier=at_assignment, step_instance=assignment,
                   assignee=officers["specialist@department"])  # fmt: skip

    _complete(officers, at_assignment, "specialist@department", "Thẩm định")
    _complete(officers, at_assignment, "specialist@committee", "Xác minh")
    (drafting,) = active_steps(at_assignment)
    assert (drafting.name, drafting.assignee) == ("Lập kết quả", officers["specialist@department"])
    _complete(officers, at_assignment, "specialist@department", "Lập kết quả")
    (approval,) = active_steps(at_assignment)
    assert (approval.name, approval.assignee) == ("Phê duyệt", None)


@pytest.mark.parametrize(
    ("who", "assignee", "code"),
    [
        ("specialist@department", "specialist@department", DossierError.NOT_PERMITTED),
        ("leader@committee", "specialist@committee", DossierError.NOT_PERMITTED),
        ("leader@department", "specialist@committee", DossierError.INVALID_TARGET),
        ("leader@department", "receiver@department", DossierError.INVALID_TARGET),
    ],
    ids=["not-a-leader", "leader-of-another-agency", "specialist-of-another-agency", "not-a-handler"],
)
def test_only_the_departments_leader_names_one_of_its_handlers(at_assignment, officers, who, assignee, code):
    (assignment,) = active_steps(at_assignment)
    with pytest.raises(DossierError) as refused:
        dossier_assign(officer=officers[who], dossier=at_assignment, step_instance=assignment,
                       assignee=officers[assignee])  # fmt: skip
    assert refused.value.code == code
    assert [(s.name, s.state, s.assignee) for s in active_steps(at_assignment)] == [
        ("Phân công xử lý", StepState.ACTIVE, None)
    ]
    assert kinds(at_assignment) == ["received", "forwarded"]
    assert not at_assignment.events.filter(kind=EventKind.ASSIGNED).exists()


def test_a_leaders_own_step_is_not_handed_out(at_assignment, officers):
    # given the dossier at the leaders' approval
    (assignment,) = active_steps(at_assignment)
    dossier_assign(officer=officers["leader@department"], dossier=at_assignment, step_instance=assignment,
                   assignee=officers["specialist@department"])  # fmt: skip
    for who, name in [("specialist@department", "Thẩm định"), ("specialist@committee", "Xác minh"),
                      ("specialist@department", "Lập kết quả")]:  # fmt: skip
        _complete(officers, at_assignment, who, name)
    (approval,) = active_steps(at_assignment)
    before = kinds(at_assignment)

    with pytest.raises(DossierError) as refused:
        dossier_assign(officer=officers["leader@department"], dossier=at_assignment, step_instance=approval,
                       assignee=officers["specialist@department"])  # fmt: skip

    assert refused.value.code == DossierError.INVALID_TARGET
    approval.refresh_from_db()
    assert approval.assignee is None
    assert kinds(at_assignment) == before
