"""Refusal with a written reason: at the desk for an online submission (Decree 61 art. 17(1b)) or after appraisal
(art. 19(8)); the dossier ends, its steps are cancelled and its clock stops for good. Mẫu 03 is drawn from the event."""

import pytest
import time_machine

from lienthong.dossiers.constants import EventKind, Status, StepState
from lienthong.dossiers.models import Suspension
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.closing import dossier_refuse
from lienthong.dossiers.services.supplement import dossier_request_supplement
from tests.dossiers.lifecycle_given import at, at_step, in_status, last_event, received, submitted, trail

pytestmark = pytest.mark.django_db
REASON = "Thửa đất nằm trong quy hoạch hành lang bảo vệ công trình thủy lợi."
NOW = at(2026, 3, 4, 9, 0)


@pytest.fixture
def processing(province, officers, procedure, applicant, form_data, documents):
    """Received Mon 2/3/2026, now at the department's appraisal (step 3)."""
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        dossier = received(province, officers, procedure, applicant, form_data, documents)
    step = at_step(dossier, procedure, position=3, agency=province["department"], started_at=at(2026, 3, 2, 14, 0),
                   due_at=at(2026, 3, 3, 14, 0))  # fmt: skip
    return dossier, step


@time_machine.travel(NOW, tick=False)
def test_the_desk_refuses_an_online_submission_at_receipt(province, officers, procedure, applicant, form_data):
    dossier = submitted(province, procedure, applicant, form_data)
    code = dossier.code
    desk = officers["receiver@commune_centre"]

    dossier_refuse(officer=desk, dossier=dossier, reason=f"  {REASON}  ")

    dossier.refresh_from_db()
    # The code it was given at submission stays: the applicant tracks the refusal with it.
    assert code and (dossier.status, dossier.finished_at, dossier.code, dossier.due_at) == (
        Status.REFUSED, NOW, code, None
    )  # fmt: skip
    assert trail(dossier) == [
        (1, EventKind.SUBMITTED, "", Status.SUBMITTED, None),
        (2, EventKind.REFUSED, Status.SUBMITTED, Status.REFUSED, desk.pk),
    ]
    assert last_event(dossier).payload == {"reason": REASON, "at_receipt": True}


@pytest.mark.parametrize("who", ["leader@department", "receiver@commune_centre"])
@time_machine.travel(NOW, tick=False)
def test_after_appraisal_the_leader_at_the_step_or_the_desk_refuses_and_the_steps_are_cancelled(
    officers, processing, who
):
    dossier, step = processing

    dossier_refuse(officer=officers[who], dossier=dossier, reason=REASON)

    dossier.refresh_from_db()
    step.refresh_from_db()
    assert (dossier.status, dossier.finished_at) == (Status.REFUSED, NOW)
    assert (step.state, step.finished_at) == (StepState.CANCELLED, NOW)
    assert trail(dossier)[1:] == [(2, EventKind.REFUSED, Status.PROCESSING, Status.REFUSED, officers[who].pk)]
    assert last_event(dossier).payload == {"reason": REASON, "at_receipt": False}


def test_a_dossier_waiting_for_its_supplement_may_be_refused_and_its_suspension_ends(officers, processing):
    dossier, step = processing
    with time_machine.travel(at(2026, 3, 3, 8, 0), tick=False):
        dossier_request_supplement(officer=officers["specialist@department"], dossier=dossier, missing=["Sơ đồ"],
                                   note="")  # fmt: skip

    with time_machine.travel(NOW, tick=False):
        dossier_refuse(officer=officers["leader@department"], dossier=dossier, reason=REASON)

    dossier.refresh_from_db()
    step.refresh_from_db()
    assert (dossier.status, dossier.finished_at, step.state) == (Status.REFUSED, NOW, StepState.CANCELLED)
    assert Suspension.objects.get(dossier=dossier).ended_at == NOW
    assert trail(dossier)[2:] == [
        (3, EventKind.REFUSED, Status.SUPPLEMENT_REQUESTED, Status.REFUSED, officers["leader@department"].pk)
    ]
    assert last_event(dossier).payload == {"reason": REASON, "at_receipt": False}


@pytest.mark.parametrize("reason", ["", "   \n"])
@time_machine.travel(NOW, tick=False)
def test_a_written_reason_is_required(officers, processing, reason):
    dossier, step = processing

    with pytest.raises(DossierError) as refused:
        dossier_refuse(officer=officers["leader@department"], dossier=dossier, reason=reason)

    assert refused.value.code == DossierError.REASON_REQUIRED
    dossier.refresh_from_db()
    step.refresh_from_db()
    assert (dossier.status, dossier.finished_at, step.state) == (Status.PROCESSING, None, StepState.ACTIVE)
    assert [kind for _, kind, *_ in trail(dossier)] == [EventKind.RECEIVED]


@pytest.mark.parametrize(
    "who",
    [
        "specialist@department",  # appraises, but refusing is the leader's
        "leader@committee",  # no active step there
        "leader@commune_centre",  # the receiving agency's leader is not its desk
        "receiver@department",
    ],
)
@time_machine.travel(NOW, tick=False)
def test_only_the_leader_at_the_step_or_the_desk_may_refuse_after_receipt(officers, processing, who):
    dossier, step = processing

    with pytest.raises(DossierError) as refused:
        dossier_refuse(officer=officers[who], dossier=dossier, reason=REASON)

    assert refused.value.code == DossierError.NOT_PERMITTED
    step.refresh_from_db()
    assert step.state == StepState.ACTIVE
    assert [kind for _, kind, *_ in trail(dossier)] == [EventKind.RECEIVED]


@time_machine.travel(NOW, tick=False)
def test_only_the_desk_refuses_at_receipt(province, officers, procedure, applicant, form_data):
    dossier = submitted(province, procedure, applicant, form_data)

    for who in ("leader@commune_centre", "leader@department", "receiver@centre"):
        with pytest.raises(DossierError) as refused:
            dossier_refuse(officer=officers[who], dossier=dossier, reason=REASON)
        assert refused.value.code == DossierError.NOT_PERMITTED

    assert trail(dossier) == [(1, EventKind.SUBMITTED, "", Status.SUBMITTED, None)]


@pytest.mark.parametrize("status", [Status.FINANCIAL_OBLIGATION, Status.RESULT_READY])
@time_machine.travel(NOW, tick=False)
def test_not_once_the_obligation_is_notified_or_the_result_is_ready(officers, processing, status):
    dossier = in_status(processing[0], status)

    with pytest.raises(DossierError) as refused:
        dossier_refuse(officer=officers["leader@department"], dossier=dossier, reason=REASON)

    assert refused.value.code == DossierError.NOT_ALLOWED_IN_STATUS
    assert [kind for _, kind, *_ in trail(dossier)] == [EventKind.RECEIVED]
