"""Decree 61 art. 19(6)–(7): a step's work passes to another agency, at the same level or across levels."""

import datetime as dt

import pytest
import time_machine

from lienthong.dossiers.constants import EventKind, StepState
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.steps import dossier_complete_step, dossier_transfer
from lienthong.org.constants import Role
from tests.dossiers.steps_support import active_steps, assert_chained, at, kinds, receive_and_forward

pytestmark = pytest.mark.django_db


@pytest.fixture
def forwarded(province, officers, procedure, applicant, form_data, documents):
    with time_machine.travel(at(2, 9), tick=False):
        return receive_and_forward(province, officers, procedure, applicant, form_data, documents)


def test_the_commune_check_goes_up_to_the_department_and_the_process_continues_from_there(
    province, officers, forwarded
):
    (check,) = active_steps(forwarded)
    with time_machine.travel(at(2, 10), tick=False) as clock:
        # when the committee hands its check up to the department for 8 working hours
        moved = dossier_transfer(
            officer=officers["specialist@committee"],
            dossier=forwarded,
            step_instance=check,
            to_agency=province["department"],
            reason="Đất có nguồn gốc nông trường",
            working_hours=8,
        )

        # then the committee's step is closed with the reason and the department's starts, due Tuesday 10:30
        check.refresh_from_db()
        assert (check.state, check.finished_at, check.note) == (
            StepState.DONE,
            at(2, 10),
            "Đất có nguồn gốc nông trường",
        )
        assert (moved.name, moved.position, moved.agency, moved.role, moved.started_at, moved.due_at) == (
            "Xác nhận hiện trạng",
            2,
            province["department"],
            Role.SPECIALIST,
            at(2, 10),
            at(3, 10, 30),
        )
        assert active_steps(forwarded) == [moved]

        transferred = forwarded.events.last()
        assert (transferred.kind, transferred.actor, transferred.status_before, transferred.status_after) == (
            EventKind.TRANSFERRED,
            officers["specialist@committee"],
            "processing",
            "processing",
        )
        assert transferred.payload["from"]["agency_code"] == "000.00.99.H19"
        assert transferred.payload["to"]["agency_code"] == "000.00.03.H19"
        assert dt.datetime.fromisoformat(transferred.payload["to"]["due_at"]) == at(3, 10, 30)
        assert (transferred.payload["level_change"], transferred.payload["reason"]) == (
            "up",
            "Đất có nguồn gốc nông trường",
        )

        # when the department finishes it, the process goes on to its next steps
        clock.move_to(at(2, 14))
        dossier_complete_step(officer=officers["specialist@department"], dossier=forwarded, step_instance=moved)
    assert [s.name for s in active_steps(forwarded)] == ["Thẩm định", "Xác định nghĩa vụ tài chính"]
    assert kinds(forwarded) == ["received", "forwarded", "transferred", "step_completed", "forwarded"]
    assert_chained(forwarded)


def test_a_transfer_at_the_same_level_is_marked_so(province, officers, forwarded):
    (check,) = active_steps(forwarded)
    moved = dossier_transfer(
        officer=officers["specialist@committee"],
        dossier=forwarded,
        step_instance=check,
        to_agency=province["commune_centre"],
        reason="Chuyển bộ phận",
        working_hours=4,
    )
    assert moved.agency == province["commune_centre"]
    assert forwarded.events.last().payload["level_change"] == "same"
    assert_chained(forwarded)


def test_a_transfer_needs_a_reason_another_active_agency_time_and_a_step_that_allows_it(province, officers, forwarded):
    (check,) = active_steps(forwarded)
    base = {
        "officer": officers["specialist@committee"],
        "dossier": forwarded,
        "step_instance": check,
        "to_agency": province["department"],
        "reason": "Cần Sở xác minh",
        "working_hours": 8,
    }
    province["centre"].is_active = False
    province["centre"].save()
    cases = [
        ({"reason": ""}, DossierError.REASON_REQUIRED),
        ({"to_agency": province["committee"]}, DossierError.INVALID_TARGET),
        ({"to_agency": province["centre"]}, DossierError.INVALID_TARGET),
        ({"working_hours": 0}, DossierError.INVALID_DEADLINE),
        ({"officer": officers["specialist@department"]}, DossierError.NOT_PERMITTED),
    ]
    for change, code in cases:
        with pytest.raises(DossierError) as refused:
            dossier_transfer(**(base | change))
        assert refused.value.code == code, change
    dossier_complete_step(officer=officers["specialist@committee"], dossier=forwarded, step_instance=check)
    appraisal = active_steps(forwarded)[0]
    with pytest.raises(DossierError) as refused:  # the appraisal's process does not allow transfer
        dossier_transfer(
            **(
                base
                | {
                    "officer": officers["specialist@department"],
                    "step_instance": appraisal,
                    "to_agency": province["committee"],
                }
            )
        )
    assert refused.value.code == DossierError.NOT_PERMITTED
    with pytest.raises(DossierError) as refused:  # the finished check cannot be transferred any more
        dossier_transfer(**base)
    assert refused.value.code == DossierError.NO_ACTIVE_STEP
    assert kinds(forwarded) == ["received", "forwarded", "step_completed", "forwarded"]
    assert_chained(forwarded)
