import datetime as dt

import pytest
import time_machine

from lienthong.dossiers.constants import EventKind, Status, StepKind, StepState
from lienthong.dossiers.services.steps import dossier_complete_step, dossier_forward
from lienthong.org.constants import Role
from tests.dossiers.steps_support import active_steps, assert_chained, at, kinds, receive

pytestmark = pytest.mark.django_db
COMMITTEE, DEPARTMENT, COMMUNE_CENTRE = "000.00.99.H19", "000.00.03.H19", "000.00.98.H19"


def _steps(payload):
    return [(s["name"], s["agency_code"], dt.datetime.fromisoformat(s["due_at"])) for s in payload["steps"]]


def test_a_dossier_goes_from_the_commune_desk_to_the_province_and_back_with_every_deadline(
    province, officers, procedure, applicant, form_data, documents
):
    with time_machine.travel(at(2, 8), tick=False) as clock:
        # given a dossier received at the commune centre on Monday 2/3/2026 08:00, due in 3 working days
        dossier = receive(province, officers, procedure, applicant, form_data, documents)
        assert dossier.due_at == at(5, 8)

        # when the desk forwards it at 09:00: the commune committee checks it, 6 working hours → 17:00 the same day
        clock.move_to(at(2, 9))
        dossier = dossier_forward(officer=officers["receiver@commune_centre"], dossier=dossier)
        assert dossier.status == Status.PROCESSING
        (check,) = active_steps(dossier)
        assert (check.agency, check.role, check.started_at, check.due_at) == (
            province["committee"],
            Role.SPECIALIST,
            at(2, 9),
            at(2, 17),
        )
        forwarded = dossier.events.get(seq=2)
        assert (forwarded.kind, forwarded.status_before, forwarded.status_after) == (
            "forwarded",
            "received",
            "processing",
        )
        assert _steps(forwarded.payload) == [("Xác nhận hiện trạng", COMMITTEE, at(2, 17))]

        # when the committee finishes at 16:00, both department steps start together, 7.5 working hours each
        clock.move_to(at(2, 16))
        dossier_complete_step(
            officer=officers["specialist@committee"],
            dossier=dossier,
            step_instance=check,
            note="Hiện trạng sử dụng đất đúng với hồ sơ",
        )
        appraisal, finance = active_steps(dossier)
        assert [(s.name, s.agency, s.due_at) for s in (appraisal, finance)] == [
            ("Thẩm định", province["department"], at(3, 16)),
            ("Xác định nghĩa vụ tài chính", province["department"], at(3, 16)),
        ]
        completed, forwarded = dossier.events.filter(seq__in=[3, 4]).order_by("seq")
        assert completed.kind == EventKind.STEP_COMPLETED
        assert completed.payload["step"]["on_time"] is True
        assert completed.payload["note"] == "Hiện trạng sử dụng đất đúng với hồ sơ"
        assert _steps(forwarded.payload) == [
            ("Thẩm định", DEPARTMENT, at(3, 16)),
            ("Xác định nghĩa vụ tài chính", DEPARTMENT, at(3, 16)),
        ]

        # when one of the parallel steps finishes, the next step waits for the other
        clock.move_to(at(3, 10))
        dossier_complete_step(officer=officers["specialist@department"], dossier=dossier, step_instance=appraisal)
        assert active_steps(dossier) == [finance]
        assert kinds(dossier)[-1] == EventKind.STEP_COMPLETED and dossier.events.count() == 5

        # when the other finishes at 14:00, the leader's approval starts: 4 working hours → Wednesday 08:30
        clock.move_to(at(3, 14))
        dossier_complete_step(officer=officers["specialist@department"], dossier=dossier, step_instance=finance)
        (approval,) = active_steps(dossier)
        assert (approval.name, approval.role, approval.due_at) == ("Phê duyệt", Role.LEADER, at(4, 8, 30))

        # when the leader approves at 09:00 Wednesday (late for the step, early for the dossier)
        clock.move_to(at(4, 9))
        dossier = dossier_complete_step(
            officer=officers["leader@department"], dossier=dossier, step_instance=approval, note="Đồng ý", approve=True
        )

    # then processing is over and the result waits at the commune desk, 1.5 working hours for the return step
    dossier.refresh_from_db()
    assert (dossier.status, dossier.finished_at) == (Status.RESULT_READY, at(4, 9))
    (back,) = active_steps(dossier)
    assert (back.name, back.agency, back.role, back.due_at) == (
        "Trả kết quả",
        province["commune_centre"],
        Role.RECEIVER,
        at(4, 10, 30),
    )
    assert not dossier.steps.filter(kind=StepKind.STEP, state=StepState.ACTIVE).exclude(pk=back.pk).exists()
    assert dossier.steps.filter(state=StepState.DONE).count() == 4

    # and the log tells the whole walk, each event chained to the one before
    events = assert_chained(dossier)
    assert [e.kind for e in events] == [
        "received",
        "forwarded",
        "step_completed",
        "forwarded",
        "step_completed",
        "step_completed",
        "forwarded",
        "approved",
        "result_ready",
    ]
    approved, ready = events[-2:]
    assert approved.actor == officers["leader@department"]
    assert approved.payload["step"]["on_time"] is False
    assert (approved.status_before, ready.status_before, ready.status_after) == (
        "processing",
        "processing",
        "result_ready",
    )
    assert dt.datetime.fromisoformat(ready.payload["finished_at"]) == at(4, 9)
    assert ready.payload["on_time"] is True
    assert ready.payload["return_step"]["agency_code"] == COMMUNE_CENTRE
    assert dt.datetime.fromisoformat(ready.payload["return_step"]["due_at"]) == at(4, 10, 30)


def test_a_dossier_finished_after_its_appointment_is_marked_late(
    province, officers, procedure, applicant, form_data, documents
):
    with time_machine.travel(at(2, 8), tick=False) as clock:
        dossier = receive(province, officers, procedure, applicant, form_data, documents)
        dossier = dossier_forward(officer=officers["receiver@commune_centre"], dossier=dossier)
        for officer in ("specialist@committee", "specialist@department", "specialist@department"):
            dossier_complete_step(officer=officers[officer], dossier=dossier, step_instance=active_steps(dossier)[0])
        # the leader approves a day after the appointment (Thursday 5/3 08:00)
        clock.move_to(at(6, 9))
        dossier_complete_step(
            officer=officers["leader@department"], dossier=dossier, step_instance=active_steps(dossier)[0], approve=True
        )
    ready = assert_chained(dossier)[-1]
    assert (ready.kind, ready.payload["on_time"]) == (EventKind.RESULT_READY, False)
    assert dt.datetime.fromisoformat(ready.payload["due_at"]) == at(5, 8)
