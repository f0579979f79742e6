"""Decree 61 art. 19(5): the lead unit asks other agencies' opinion, each by its own deadline; a late answer is
reported, it does not hold the lead unit's step up."""

import datetime as dt

import pytest
import time_machine

from lienthong.dossiers.constants import EventKind, StepKind, StepState
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.steps import dossier_complete_step, dossier_consult, dossier_consultation_answer
from lienthong.org.constants import Role
from tests.dossiers.steps_support import active_steps, assert_chained, at, kinds, receive_and_forward

pytestmark = pytest.mark.django_db
QUESTION = "Đề nghị cho ý kiến về quy hoạch sử dụng đất tại thửa 125, tờ bản đồ 12."


@pytest.fixture
def appraisal(province, officers, procedure, applicant, form_data, documents):
    """The department's appraisal (which may consult), started Monday 2/3 at 16:00."""
    with time_machine.travel(at(2, 16), tick=False):
        dossier = receive_and_forward(province, officers, procedure, applicant, form_data, documents)
        dossier_complete_step(
            officer=officers["specialist@committee"], dossier=dossier, step_instance=active_steps(dossier)[0]
        )
    return active_steps(dossier)[0]


def test_each_consulted_agency_gets_its_own_deadline_and_its_answer_is_recorded(province, officers, appraisal):
    dossier = appraisal.dossier
    with time_machine.travel(at(3, 10), tick=False) as clock:
        # when the appraisal asks the ward's committee (16 working hours by default) and the provincial centre
        # (by Wednesday noon)
        (committee,) = dossier_consult(
            officer=officers["specialist@department"],
            dossier=dossier,
            step_instance=appraisal,
            agencies=[province["committee"]],
            question=QUESTION,
        )
        (centre,) = dossier_consult(
            officer=officers["specialist@department"],
            dossier=dossier,
            step_instance=appraisal,
            agencies=[province["centre"], province["centre"]],
            question=QUESTION,
            due_at=at(4, 12),
        )

        # then each is a consultation at its agency with its deadline, in its inbox
        assert [(c.kind, c.agency, c.role, c.state, c.started_at, c.due_at, c.note) for c in (committee, centre)] == [
            (
                StepKind.CONSULTATION,
                province["committee"],
                Role.SPECIALIST,
                StepState.ACTIVE,
                at(3, 10),
                at(5, 11),
                QUESTION,
            ),
            (
                StepKind.CONSULTATION,
                province["centre"],
                Role.SPECIALIST,
                StepState.ACTIVE,
                at(3, 10),
                at(4, 12),
                QUESTION,
            ),
        ]

        # when the committee's leader answers on Wednesday
        clock.move_to(at(4, 9))
        dossier_consultation_answer(
            officer=officers["leader@committee"],
            dossier=dossier,
            consultation=committee,
            answer="Thửa đất phù hợp quy hoạch.",
        )

    committee.refresh_from_db()
    assert (committee.state, committee.finished_at, committee.note) == (
        StepState.DONE,
        at(4, 9),
        "Thửa đất phù hợp quy hoạch.",
    )
    appraisal.refresh_from_db()
    assert appraisal.state == StepState.ACTIVE  # the lead unit's step goes on meanwhile

    events = assert_chained(dossier)
    assert [e.kind for e in events[-3:]] == [
        "consultation_requested",
        "consultation_requested",
        "consultation_answered",
    ]
    asked = events[-3]
    assert (asked.actor, asked.payload["question"], asked.payload["step"]["id"]) == (
        officers["specialist@department"],
        QUESTION,
        appraisal.pk,
    )
    assert [(c["agency_code"], dt.datetime.fromisoformat(c["due_at"])) for c in asked.payload["consultations"]] == [
        ("000.00.99.H19", at(5, 11))
    ]
    answered = events[-1]
    assert answered.actor == officers["leader@committee"]
    assert (answered.payload["question"], answered.payload["answer"]) == (QUESTION, "Thửa đất phù hợp quy hoạch.")
    assert answered.payload["consultation"]["on_time"] is True


def test_an_unanswered_consultation_does_not_block_the_step_and_ends_with_processing(province, officers, appraisal):
    dossier = appraisal.dossier
    with time_machine.travel(at(3, 8), tick=False) as clock:
        (late,) = dossier_consult(
            officer=officers["specialist@department"],
            dossier=dossier,
            step_instance=appraisal,
            agencies=[province["committee"]],
            question=QUESTION,
            working_hours=2,
        )
        # when the appraisal is completed after the consultation's deadline (10:30) with no answer
        clock.move_to(at(3, 11))
        dossier_complete_step(officer=officers["specialist@department"], dossier=dossier, step_instance=appraisal)
        completed = dossier.events.last()
        assert completed.kind == EventKind.STEP_COMPLETED
        assert [(c["id"], c["late"]) for c in completed.payload["outstanding_consultations"]] == [(late.pk, True)]
        late.refresh_from_db()
        assert late.state == StepState.ACTIVE  # the answer may still come while the dossier is processed

        # when processing ends, the unanswered consultation leaves the committee's inbox
        for officer in ("specialist@department", "leader@department"):
            dossier_complete_step(officer=officers[officer], dossier=dossier, step_instance=active_steps(dossier)[0])
    late.refresh_from_db()
    assert (late.state, late.finished_at) == (StepState.CANCELLED, at(3, 11))
    ready = assert_chained(dossier)[-1]
    assert ready.kind == EventKind.RESULT_READY
    assert [c["id"] for c in ready.payload["consultations_cancelled"]] == [late.pk]


def test_consultations_are_asked_of_other_agencies_with_a_question_and_answered_by_them(province, officers, appraisal):
    dossier = appraisal.dossier
    refused = [
        ({"agencies": [province["department"]]}, DossierError.INVALID_TARGET),
        ({"agencies": []}, DossierError.INVALID_TARGET),
        ({"question": " "}, DossierError.CONTENT_REQUIRED),
        ({"due_at": at(2, 8)}, DossierError.INVALID_DEADLINE),
        ({"officer": officers["specialist@committee"]}, DossierError.NOT_PERMITTED),
        ({"step_instance": active_steps(dossier)[1]}, DossierError.NOT_PERMITTED),  # its process does not consult
    ]
    for change, code in refused:
        arguments = {
            "officer": officers["specialist@department"],
            "dossier": dossier,
            "step_instance": appraisal,
            "agencies": [province["committee"]],
            "question": QUESTION,
        } | change
        with pytest.raises(DossierError) as error:
            dossier_consult(**arguments)
        assert error.value.code == code, change

    (consultation,) = dossier_consult(
        officer=officers["specialist@department"],
        dossier=dossier,
        step_instance=appraisal,
        agencies=[province["committee"]],
        question=QUESTION,
    )
    for officer, answer, code in [
        (officers["specialist@department"], "Đồng ý", DossierError.NOT_PERMITTED),
        (officers["receiver@committee"], "Đồng ý", DossierError.NOT_PERMITTED),
        (officers["specialist@committee"], "", DossierError.CONTENT_REQUIRED),
    ]:
        with pytest.raises(DossierError) as error:
            dossier_consultation_answer(officer=officer, dossier=dossier, consultation=consultation, answer=answer)
        assert error.value.code == code
    with pytest.raises(DossierError) as error:  # a consultation is answered, not completed as a step
        dossier_complete_step(officer=officers["specialist@committee"], dossier=dossier, step_instance=consultation)
    assert error.value.code == DossierError.NO_ACTIVE_STEP

    dossier_consultation_answer(
        officer=officers["specialist@committee"], dossier=dossier, consultation=consultation, answer="Đồng ý"
    )
    with pytest.raises(DossierError) as error:
        dossier_consultation_answer(
            officer=officers["specialist@committee"],
            dossier=dossier,
            consultation=consultation,
            answer="Đồng ý lần nữa",
        )
    assert error.value.code == DossierError.NO_ACTIVE_STEP
    assert kinds(dossier)[-2:] == ["consultation_requested", "consultation_answered"]
    assert kinds(dossier).count("consultation_requested") == 1
    assert_chained(dossier)
