"""The applicant withdraws the dossier before the result is ready (national status 7); the desk records it. The
dossier ends there: steps cancelled, any suspension over, and — for a received dossier — the 766 end of processing."""

import pytest
import time_machine

from lienthong.dossiers.constants import EventKind, Status, StepState, SuspensionReason
from lienthong.dossiers.models import Suspension
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.closing import dossier_withdraw
from tests.dossiers.lifecycle_given import at, at_step, in_status, last_event, received, submitted, trail

pytestmark = pytest.mark.django_db
NOW = at(2026, 3, 5, 15, 30)


@pytest.fixture
def processing(province, officers, procedure, applicant, form_data, documents):
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        dossier = received(province, officers, procedure, applicant, form_data, documents)
    step = at_step(dossier, procedure, position=4, agency=province["department"], started_at=at(2026, 3, 3, 8, 0),
                   due_at=at(2026, 3, 4, 8, 0))  # fmt: skip
    return dossier, step


@time_machine.travel(NOW, tick=False)
def test_a_dossier_waiting_on_its_financial_obligation_is_withdrawn(officers, processing):
    dossier, step = processing
    in_status(dossier, Status.FINANCIAL_OBLIGATION)
    obligation = Suspension.objects.create(
        dossier=dossier, reason=SuspensionReason.FINANCIAL_OBLIGATION, started_at=at(2026, 3, 4, 8, 0),
        resume_status=Status.PROCESSING,
    )  # fmt: skip
    desk = officers["receiver@commune_centre"]

    dossier_withdraw(officer=desk, dossier=dossier, reason=" Gia đình thỏa thuận lại việc chia thửa. ")

    dossier.refresh_from_db()
    step.refresh_from_db()
    obligation.refresh_from_db()
    assert (dossier.status, dossier.finished_at) == (Status.WITHDRAWN, NOW)
    assert (step.state, step.finished_at, obligation.ended_at) == (StepState.CANCELLED, NOW, NOW)
    assert trail(dossier) == [
        (1, EventKind.RECEIVED, "", Status.RECEIVED, desk.pk),
        (2, EventKind.WITHDRAWN, Status.FINANCIAL_OBLIGATION, Status.WITHDRAWN, desk.pk),
    ]
    assert last_event(dossier).payload == {"reason": "Gia đình thỏa thuận lại việc chia thửa.", "received": True}


@time_machine.travel(NOW, tick=False)
def test_an_online_submission_not_yet_received_is_withdrawn_without_a_reason(
    province, officers, procedure, applicant, form_data
):
    dossier = submitted(province, procedure, applicant, form_data)
    code = dossier.code
    desk = officers["receiver@commune_centre"]

    dossier_withdraw(officer=desk, dossier=dossier)

    dossier.refresh_from_db()
    assert code and (dossier.status, dossier.finished_at, dossier.code) == (Status.WITHDRAWN, NOW, code)
    assert trail(dossier) == [
        (1, EventKind.SUBMITTED, "", Status.SUBMITTED, None),
        (2, EventKind.WITHDRAWN, Status.SUBMITTED, Status.WITHDRAWN, desk.pk),
    ]
    assert last_event(dossier).payload == {"reason": "", "received": False}


@pytest.mark.parametrize("who", ["leader@department", "specialist@department", "leader@commune_centre",
                                 "receiver@centre"])  # fmt: skip
@time_machine.travel(NOW, tick=False)
def test_only_the_desk_of_the_receiving_agency_records_a_withdrawal(officers, processing, who):
    dossier, step = processing

    with pytest.raises(DossierError) as refused:
        dossier_withdraw(officer=officers[who], dossier=dossier, reason="Rút")

    assert refused.value.code == DossierError.NOT_PERMITTED
    step.refresh_from_db()
    assert step.state == StepState.ACTIVE
    assert [kind for _, kind, *_ in trail(dossier)] == [EventKind.RECEIVED]


@time_machine.travel(NOW, tick=False)
def test_not_once_the_result_is_ready(officers, processing):
    dossier = in_status(processing[0], Status.RESULT_READY)

    with pytest.raises(DossierError) as refused:
        dossier_withdraw(officer=officers["receiver@commune_centre"], dossier=dossier, reason="Rút")

    assert refused.value.code == DossierError.NOT_ALLOWED_IN_STATUS
    dossier.refresh_from_db()
    assert (dossier.status, dossier.finished_at) == (Status.RESULT_READY, None)
    assert [kind for _, kind, *_ in trail(dossier)] == [EventKind.RECEIVED]
