"""The desk returns the result (Decree 61 art. 20): early return is encouraged, and the event says whether the
dossier was early and on time (Decision 766: on time ⇔ end of processing ≤ due date)."""

import datetime as dt

import pytest
import time_machine

from lienthong.dossiers.constants import EventKind, ResultDelivery, Status, StepState
from lienthong.dossiers.models import Dossier, DossierEvent, StepInstance
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.outcome import dossier_return
from lienthong.org.constants import Role
from tests.dossiers.outcome_given import active_step, at, received

pytestmark = pytest.mark.django_db
DESK = "receiver@commune_centre"


@pytest.fixture
def ready(province, officers, procedure, applicant, form_data, documents):
    """Received Fri 13/2/2026 10:00, due Wed 25/2 10:00; the result is back at the commune desk."""
    dossier = received(province, officers, procedure, applicant, form_data, documents, when=at(13, 10))
    assert dossier.due_at == at(25, 10)

    def given_ready(finished_at):
        # given: the departments finished at `finished_at`; the return step waits at the desk
        Dossier.objects.filter(pk=dossier.pk).update(status=Status.RESULT_READY, finished_at=finished_at)
        active_step(dossier, province["commune_centre"], position=6, role=Role.RECEIVER, started_at=finished_at,
                    due_at=finished_at + dt.timedelta(hours=2))  # fmt: skip
        return dossier

    return given_ready


# (finished, returned, early, on time)
CASES = [
    pytest.param(at(24, 15), at(24, 16), True, True, id="finished and returned before the appointment"),
    pytest.param(at(25, 10), at(25, 10), False, True, id="finished and returned at the very instant due"),
    pytest.param(at(25, 9), at(26, 8), False, True, id="finished in time, collected the next day"),
    pytest.param(at(25, 11), at(25, 14), False, False, id="finished late"),
]


@pytest.mark.parametrize(("finished", "returned", "early", "on_time"), CASES)
def test_the_desk_returns_the_result_and_records_early_and_on_time(ready, officers, finished, returned, early, on_time):
    dossier = ready(finished)

    with time_machine.travel(returned, tick=False):
        dossier = dossier_return(officer=officers[DESK], dossier=dossier, delivery=ResultDelivery.BY_POST,
                                 note="Gửi qua VNPost")  # fmt: skip

    assert dossier.status == Status.RETURNED
    assert (dossier.returned_at, dossier.finished_at) == (returned, finished)
    assert dossier.result_delivery == ResultDelivery.BY_POST
    (step,) = StepInstance.objects.filter(dossier=dossier)
    assert (step.state, step.finished_at, step.note) == (StepState.DONE, returned, "Gửi qua VNPost")
    event = DossierEvent.objects.get(dossier=dossier, kind=EventKind.RETURNED)
    assert (event.seq, event.status_before, event.status_after) == (2, Status.RESULT_READY, Status.RETURNED)
    assert event.actor == officers[DESK]
    assert (event.payload["early"], event.payload["on_time"]) == (early, on_time)
    assert event.payload["delivery"] == ResultDelivery.BY_POST
    assert event.payload["requested_delivery"] == ResultDelivery.AT_DESK
    assert dt.datetime.fromisoformat(event.payload["returned_at"]) == returned
    assert dt.datetime.fromisoformat(event.payload["due_at"]) == at(25, 10)


def test_without_a_processing_end_the_return_ends_it(province, officers, procedure, applicant, form_data, documents):
    dossier = received(province, officers, procedure, applicant, form_data, documents, when=at(13, 10))
    # given: result ready, but no end-of-processing instant recorded and no return step in the process
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.RESULT_READY)
    with time_machine.travel(at(25, 10, 0, 1), tick=False):
        dossier = dossier_return(officer=officers[DESK], dossier=dossier, delivery=ResultDelivery.AT_DESK)
    assert dossier.finished_at == dossier.returned_at == at(25, 10, 0, 1)
    event = DossierEvent.objects.get(dossier=dossier, kind=EventKind.RETURNED)
    assert (event.payload["early"], event.payload["on_time"]) == (False, False)


@pytest.mark.parametrize("who", ["specialist@commune_centre", "leader@commune_centre", "receiver@centre",
                                 "receiver@department"])  # fmt: skip
def test_only_the_receiving_desk_returns(ready, officers, who):
    dossier = ready(at(24, 15))
    with pytest.raises(DossierError) as refused:
        dossier_return(officer=officers[who], dossier=dossier, delivery=ResultDelivery.AT_DESK)
    assert refused.value.code == DossierError.NOT_PERMITTED
    assert Dossier.objects.get(pk=dossier.pk).status == Status.RESULT_READY
    assert not DossierEvent.objects.filter(kind=EventKind.RETURNED).exists()


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.PROCESSING, Status.FINANCIAL_OBLIGATION, Status.RETURNED])
def test_only_a_ready_result_is_returned(ready, officers, status):
    dossier = ready(at(24, 15))
    # given: the dossier is not (or no longer) waiting at the desk
    Dossier.objects.filter(pk=dossier.pk).update(status=status)
    with pytest.raises(DossierError) as refused:
        dossier_return(officer=officers[DESK], dossier=dossier, delivery=ResultDelivery.AT_DESK)
    assert refused.value.code == DossierError.NOT_ALLOWED_IN_STATUS
    assert not DossierEvent.objects.filter(kind=EventKind.RETURNED).exists()


def test_the_delivery_is_one_of_the_known_ways(ready, officers):
    dossier = ready(at(24, 15))
    with pytest.raises(DossierError) as refused:
        dossier_return(officer=officers[DESK], dossier=dossier, delivery="pigeon")
    assert refused.value.code == DossierError.INVALID_DELIVERY
    assert StepInstance.objects.get(dossier=dossier).state == StepState.ACTIVE
