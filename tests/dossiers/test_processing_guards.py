"""Who may act on a step, on which dossier, and when: a refused action changes nothing and writes no event."""

import pytest
import time_machine

from lienthong.dossiers.constants import Status, StepState
from lienthong.dossiers.models import Dossier
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.steps import dossier_complete_step, dossier_forward
from tests.dossiers.steps_support import active_steps, assert_chained, at, kinds, receive, receive_and_forward

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday_morning():
    with time_machine.travel(at(2, 9), tick=False):
        yield


@pytest.fixture
def forwarded(province, officers, procedure, applicant, form_data, documents):
    return receive_and_forward(province, officers, procedure, applicant, form_data, documents)


def _refused(call, code: str, **arguments) -> DossierError:
    with pytest.raises(DossierError) as refused:
        call(**arguments)
    assert refused.value.code == code
    return refused.value


def _unchanged(dossier: Dossier, events: list[str]) -> None:
    dossier.refresh_from_db()
    assert kinds(dossier) == events
    assert_chained(dossier)


@pytest.mark.parametrize("who", ["specialist@department", "specialist@commune_centre", "leader@department"])
def test_an_officer_of_another_agency_may_not_complete_the_step(forwarded, officers, who):
    (check,) = active_steps(forwarded)
    error = _refused(
        dossier_complete_step, DossierError.NOT_PERMITTED, officer=officers[who], dossier=forwarded, step_instance=check
    )
    assert "UBND phường Trấn Biên" in error.message
    check.refresh_from_db()
    assert (check.state, check.finished_at) == (StepState.ACTIVE, None)
    _unchanged(forwarded, ["received", "forwarded"])


def test_an_officer_holding_another_role_in_the_agency_may_not_complete_the_step(forwarded, officers):
    (check,) = active_steps(forwarded)
    _refused(
        dossier_complete_step,
        DossierError.NOT_PERMITTED,
        officer=officers["receiver@committee"],
        dossier=forwarded,
        step_instance=check,
    )
    _unchanged(forwarded, ["received", "forwarded"])


def test_only_the_receiving_desk_forwards_and_only_once(province, officers, procedure, applicant, form_data, documents):
    dossier = receive(province, officers, procedure, applicant, form_data, documents)
    for who in ("receiver@centre", "specialist@commune_centre", "leader@committee"):
        _refused(dossier_forward, DossierError.NOT_PERMITTED, officer=officers[who], dossier=dossier)
    _unchanged(dossier, ["received"])
    dossier_forward(officer=officers["receiver@commune_centre"], dossier=dossier)
    error = _refused(
        dossier_forward,
        DossierError.NOT_ALLOWED_IN_STATUS,
        officer=officers["receiver@commune_centre"],
        dossier=dossier,
    )
    assert "Đang xử lý" in error.message
    assert dossier.steps.count() == 1
    _unchanged(dossier, ["received", "forwarded"])


@pytest.mark.parametrize(
    "status",
    [Status.SUPPLEMENT_REQUESTED, Status.FINANCIAL_OBLIGATION, Status.STOPPED, Status.WITHDRAWN, Status.RESULT_READY],
)
def test_no_step_is_completed_while_the_dossier_is_suspended_or_over(forwarded, officers, status):
    # the other services own these transitions; here only the status matters
    Dossier.objects.filter(pk=forwarded.pk).update(status=status)
    (check,) = active_steps(forwarded)
    _refused(
        dossier_complete_step,
        DossierError.NOT_ALLOWED_IN_STATUS,
        officer=officers["specialist@committee"],
        dossier=forwarded,
        step_instance=check,
    )
    check.refresh_from_db()
    assert check.state == StepState.ACTIVE
    _unchanged(forwarded, ["received", "forwarded"])


def test_a_finished_step_is_not_completed_twice(forwarded, officers):
    (check,) = active_steps(forwarded)
    dossier_complete_step(officer=officers["specialist@committee"], dossier=forwarded, step_instance=check)
    error = _refused(
        dossier_complete_step,
        DossierError.NO_ACTIVE_STEP,
        officer=officers["specialist@committee"],
        dossier=forwarded,
        step_instance=check,
    )
    assert "Xác nhận hiện trạng" in error.message and "Hoàn thành" in error.message
    assert forwarded.steps.filter(state=StepState.ACTIVE).count() == 2  # not forwarded twice
    _unchanged(forwarded, ["received", "forwarded", "step_completed", "forwarded"])


def test_a_step_of_another_dossier_is_not_completed_through_this_one(
    forwarded, province, officers, procedure, applicant, form_data, documents
):
    other = receive_and_forward(province, officers, procedure, applicant, form_data, documents)
    (elsewhere,) = active_steps(other)
    _refused(
        dossier_complete_step,
        DossierError.NO_ACTIVE_STEP,
        officer=officers["specialist@committee"],
        dossier=forwarded,
        step_instance=elsewhere,
    )
    assert len(active_steps(other)) == len(active_steps(forwarded)) == 1
    _unchanged(forwarded, ["received", "forwarded"])
    _unchanged(other, ["received", "forwarded"])


def test_only_a_step_that_allows_approval_is_approved(forwarded, officers):
    (check,) = active_steps(forwarded)
    error = _refused(
        dossier_complete_step,
        DossierError.NOT_PERMITTED,
        officer=officers["specialist@committee"],
        dossier=forwarded,
        step_instance=check,
        approve=True,
    )
    assert "Phê duyệt" in error.message
    _unchanged(forwarded, ["received", "forwarded"])


def test_a_process_with_nothing_after_receipt_is_not_forwarded(
    province, officers, procedure, applicant, form_data, documents
):
    procedure.steps.exclude(position=1).delete()
    dossier = receive(province, officers, procedure, applicant, form_data, documents)
    _refused(dossier_forward, DossierError.NO_NEXT_STEP, officer=officers["receiver@commune_centre"], dossier=dossier)
    _unchanged(dossier, ["received"])
    assert dossier.status == Status.RECEIVED
