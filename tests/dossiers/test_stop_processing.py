"""A leader stops processing a received dossier with the reason and its legal basis (Mẫu 05, Circular 03/2025);
the dossier ends: steps cancelled, any suspension over."""

import pytest
import time_machine

from lienthong.dossiers.constants import EventKind, Status, StepState
from lienthong.dossiers.models import Suspension
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.closing import dossier_stop
from lienthong.dossiers.services.supplement import dossier_request_supplement
from tests.dossiers.lifecycle_given import at, at_step, last_event, received, submitted, trail

pytestmark = pytest.mark.django_db
NOW = at(2026, 3, 4, 10, 0)
REASON = "Tòa án đã thụ lý tranh chấp về thửa đất."
BASIS = "Thông báo thụ lý vụ án số 12/2026/TB-TLVA"  # a case document, made up for the test


@pytest.fixture
def processing(province, officers, procedure, applicant, form_data, documents):
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        dossier = received(province, officers, procedure, applicant, form_data, documents)
    appraisal = at_step(dossier, procedure, position=3, agency=province["department"],
                        started_at=at(2026, 3, 2, 14, 0), due_at=at(2026, 3, 3, 14, 0))  # fmt: skip
    return dossier, appraisal


@pytest.mark.parametrize("who", ["leader@department", "leader@commune_centre"])
def test_a_leader_at_the_step_or_of_the_receiving_agency_stops_a_dossier_waiting_for_its_supplement(
    officers, processing, who
):
    dossier, appraisal = processing
    with time_machine.travel(at(2026, 3, 3, 8, 0), tick=False):
        dossier_request_supplement(officer=officers["specialist@department"], dossier=dossier,
                                   missing=["Trích lục bản đồ"], note="")  # fmt: skip

    with time_machine.travel(NOW, tick=False):
        dossier_stop(officer=officers[who], dossier=dossier, reason=REASON, legal_basis=f" {BASIS} ")

    dossier.refresh_from_db()
    appraisal.refresh_from_db()
    assert (dossier.status, dossier.finished_at) == (Status.STOPPED, NOW)
    assert (appraisal.state, appraisal.finished_at) == (StepState.CANCELLED, NOW)
    assert Suspension.objects.get(dossier=dossier).ended_at == NOW
    assert trail(dossier)[2:] == [(3, EventKind.STOPPED, Status.SUPPLEMENT_REQUESTED, Status.STOPPED, officers[who].pk)]
    assert last_event(dossier).payload == {"reason": REASON, "legal_basis": BASIS}


@time_machine.travel(NOW, tick=False)
def test_a_processing_dossier_is_stopped_without_a_cited_basis(officers, processing):
    dossier, appraisal = processing

    dossier_stop(officer=officers["leader@department"], dossier=dossier, reason=REASON)

    appraisal.refresh_from_db()
    assert appraisal.state == StepState.CANCELLED
    assert trail(dossier)[1:] == [
        (2, EventKind.STOPPED, Status.PROCESSING, Status.STOPPED, officers["leader@department"].pk)
    ]
    assert last_event(dossier).payload == {"reason": REASON, "legal_basis": ""}


@pytest.mark.parametrize("reason", ["", "  "])
@time_machine.travel(NOW, tick=False)
def test_a_reason_is_required(officers, processing, reason):
    dossier, appraisal = processing

    with pytest.raises(DossierError) as refused:
        dossier_stop(officer=officers["leader@department"], dossier=dossier, reason=reason, legal_basis=BASIS)

    assert refused.value.code == DossierError.REASON_REQUIRED
    appraisal.refresh_from_db()
    assert appraisal.state == StepState.ACTIVE
    assert [kind for _, kind, *_ in trail(dossier)] == [EventKind.RECEIVED]


@pytest.mark.parametrize("who", ["specialist@department", "receiver@commune_centre", "leader@committee"])
@time_machine.travel(NOW, tick=False)
def test_only_a_leader_of_the_receiving_agency_or_at_the_step_stops(officers, processing, who):
    dossier, appraisal = processing

    with pytest.raises(DossierError) as refused:
        dossier_stop(officer=officers[who], dossier=dossier, reason=REASON)

    assert refused.value.code == DossierError.NOT_PERMITTED
    dossier.refresh_from_db()
    assert (dossier.status, dossier.finished_at) == (Status.PROCESSING, None)
    assert [kind for _, kind, *_ in trail(dossier)] == [EventKind.RECEIVED]


@time_machine.travel(NOW, tick=False)
def test_a_submission_not_yet_received_is_not_stopped_but_refused(province, officers, procedure, applicant, form_data):
    dossier = submitted(province, procedure, applicant, form_data)
    leader = officers["leader@commune_centre"]
    with pytest.raises(DossierError) as refused:
        dossier_stop(officer=leader, dossier=dossier, reason=REASON)
    assert refused.value.code == DossierError.NOT_ALLOWED_IN_STATUS

    # nor while it waits for a supplement the desk asked for before receipt
    dossier_request_supplement(officer=officers["receiver@commune_centre"], dossier=dossier, missing=["Đơn"], note="")
    with pytest.raises(DossierError) as refused:
        dossier_stop(officer=leader, dossier=dossier, reason=REASON)
    assert refused.value.code == DossierError.NOT_ALLOWED_IN_STATUS

    assert [(seq, kind, after) for seq, kind, _, after, _ in trail(dossier)] == [
        (1, EventKind.SUBMITTED, Status.SUBMITTED),
        (2, EventKind.SUPPLEMENT_REQUESTED, Status.SUPPLEMENT_REQUESTED),
    ]
