"""A step whose process allows it sends the dossier back to the step before it, with a reason; that step starts
again with a fresh quota."""

import datetime as dt

import pytest
import time_machine

from lienthong.dossiers.constants import EventKind, Status, StepState
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.steps import (
    dossier_assign,
    dossier_complete_step,
    dossier_send_back,
    dossier_transfer,
)
from lienthong.org.constants import Role
from tests.dossiers.steps_support import active_steps, assert_chained, at, kinds, receive_and_forward

pytestmark = pytest.mark.django_db


def _complete(dossier, officer, times=1):
    for _ in range(times):
        dossier_complete_step(officer=officer, dossier=dossier, step_instance=active_steps(dossier)[0])


def test_the_leader_sends_the_approval_back_to_both_parallel_steps_with_a_fresh_quota(
    province, officers, procedure, applicant, form_data, documents
):
    with time_machine.travel(at(2, 8), tick=False) as clock:
        dossier = receive_and_forward(province, officers, procedure, applicant, form_data, documents)
        _complete(dossier, officers["specialist@committee"])
        dossier_assign(
            officer=officers["leader@department"],
            dossier=dossier,
            step_instance=active_steps(dossier)[0],
            assignee=officers["specialist@department"],
        )
        _complete(dossier, officers["specialist@department"], times=2)
        (approval,) = active_steps(dossier)

        # when the leader sends it back on Tuesday 3/3 at 10:00
        clock.move_to(at(3, 10))
        dossier_send_back(
            officer=officers["leader@department"],
            dossier=dossier,
            step_instance=approval,
            reason="Chưa tính tiền sử dụng đất",
        )

    # then approval is closed as sent back and both department steps start again, 7.5 working hours → Wed 10:00
    approval.refresh_from_db()
    assert (approval.state, approval.finished_at, approval.note) == (
        StepState.SENT_BACK,
        at(3, 10),
        "Chưa tính tiền sử dụng đất",
    )
    again = active_steps(dossier)
    assert [(s.name, s.agency, s.started_at, s.due_at) for s in again] == [
        ("Thẩm định", province["department"], at(3, 10), at(4, 10)),
        ("Xác định nghĩa vụ tài chính", province["department"], at(3, 10), at(4, 10)),
    ]
    assert [s.assignee for s in again] == [officers["specialist@department"], None]  # whoever did it last
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSING

    # and the event says from where, to where and why
    sent_back = assert_chained(dossier)[-1]
    assert (sent_back.kind, sent_back.actor, sent_back.status_after) == (
        EventKind.SENT_BACK,
        officers["leader@department"],
        "processing",
    )
    assert sent_back.payload["reason"] == "Chưa tính tiền sử dụng đất"
    assert [s["id"] for s in sent_back.payload["from"]] == [approval.pk]
    assert [(s["id"], dt.datetime.fromisoformat(s["due_at"])) for s in sent_back.payload["to"]] == [
        (again[0].pk, at(4, 10)),
        (again[1].pk, at(4, 10)),
    ]

    # and once both are done again, approval comes back
    _complete(dossier, officers["specialist@department"], times=2)
    assert [(s.name, s.role) for s in active_steps(dossier)] == [("Phê duyệt", Role.LEADER)]
    assert kinds(dossier)[-3:] == ["step_completed", "step_completed", "forwarded"]


def test_a_step_of_a_parallel_group_sends_back_the_whole_group_to_whoever_did_the_step_before(
    province, officers, procedure, applicant, form_data, documents
):
    procedure.steps.filter(position=3).update(actions=["process", "send_back"])
    with time_machine.travel(at(2, 9), tick=False):
        dossier = receive_and_forward(province, officers, procedure, applicant, form_data, documents)
        # given the commune check was assigned, then handed to the department, which did it
        (check,) = active_steps(dossier)
        dossier_assign(
            officer=officers["leader@committee"],
            dossier=dossier,
            step_instance=check,
            assignee=officers["specialist@committee"],
        )
        moved = dossier_transfer(
            officer=officers["specialist@committee"],
            dossier=dossier,
            step_instance=check,
            to_agency=province["department"],
            reason="Cần Sở xác minh",
            working_hours=6,
        )
        _complete(dossier, officers["specialist@department"])
        appraisal, finance = active_steps(dossier)

        # when the appraisal sends the dossier back
        dossier_send_back(
            officer=officers["specialist@department"],
            dossier=dossier,
            step_instance=appraisal,
            reason="Thiếu xác nhận ranh giới",
        )

    # then both parallel steps close and the check goes back to the department, which did it last
    assert {(s.pk, s.state) for s in dossier.steps.filter(pk__in=[appraisal.pk, finance.pk])} == {
        (appraisal.pk, StepState.SENT_BACK),
        (finance.pk, StepState.SENT_BACK),
    }
    (redo,) = active_steps(dossier)
    assert (redo.name, redo.agency, redo.assignee) == ("Xác nhận hiện trạng", moved.agency, None)
    sent_back = assert_chained(dossier)[-1]
    assert sent_back.kind == EventKind.SENT_BACK
    assert sorted(s["id"] for s in sent_back.payload["from"]) == sorted([appraisal.pk, finance.pk])
    assert sent_back.payload["to"][0]["agency_code"] == "000.00.03.H19"


def test_the_first_step_after_receipt_cannot_send_back_and_a_reason_is_required(
    province, officers, procedure, applicant, form_data, documents
):
    dossier = receive_and_forward(province, officers, procedure, applicant, form_data, documents)
    (check,) = active_steps(dossier)
    cases = [
        (officers["specialist@committee"], check, "Không rõ", DossierError.NO_PREVIOUS_STEP),
        (officers["specialist@committee"], check, "   ", DossierError.REASON_REQUIRED),
        (officers["specialist@department"], check, "Không rõ", DossierError.NOT_PERMITTED),
    ]
    for officer, step, reason, code in cases:
        with pytest.raises(DossierError) as refused:
            dossier_send_back(officer=officer, dossier=dossier, step_instance=step, reason=reason)
        assert refused.value.code == code
    _complete(dossier, officers["specialist@committee"])
    finance = active_steps(dossier)[1]
    with pytest.raises(DossierError) as refused:  # its process does not allow sending back
        dossier_send_back(
            officer=officers["specialist@department"], dossier=dossier, step_instance=finance, reason="Không rõ"
        )
    assert refused.value.code == DossierError.NOT_PERMITTED
    assert kinds(dossier) == ["received", "forwarded", "step_completed", "forwarded"]
    assert_chained(dossier)
