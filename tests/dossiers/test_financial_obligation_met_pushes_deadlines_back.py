"""When the obligation is paid the clock runs again, and every deadline moves back by the working time it stood."""

import datetime as dt

import pytest
import time_machine

from lienthong.dossiers.constants import EventKind, Status, StepKind, StepState
from lienthong.dossiers.models import Dossier, DossierEvent, StepInstance, Suspension
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.outcome import dossier_financial_obligation_met, dossier_request_financial_obligation
from tests.dossiers.outcome_given import active_step, at, received

pytestmark = pytest.mark.django_db
ITEMS = [{"name": "Lệ phí trước bạ", "amount": 1_500_000}]


@pytest.fixture
def step_and_dossier(province, officers, procedure, applicant, form_data, documents):
    """Received Fri 13/2/2026 10:00, due Wed 25/2 10:00; the department's step is due Mon 23/2 10:00."""
    dossier = received(province, officers, procedure, applicant, form_data, documents, when=at(13, 10))
    # given: forwarded to the department, which holds the active appraisal step
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.PROCESSING)
    step = active_step(dossier, province["department"], position=3, started_at=at(13, 10), due_at=at(23, 10))
    return step, dossier


def _suspend(officers, dossier, when):
    with time_machine.travel(when, tick=False):
        return dossier_request_financial_obligation(officer=officers["specialist@department"], dossier=dossier,
                                                    items=ITEMS)  # fmt: skip


# (suspended at, paid at, working time stopped, new dossier due, new step due)
CASES = [
    # Fri 13/2 14:00–17:00 (3 h), Tết 14/2–22/2 not counted, Mon 23/2 07:30–08:30 (1 h)
    (at(13, 14), at(23, 8, 30), 4 * 3600, at(25, 16), at(23, 16)),
    # Mon 23/2 09:00 → Wed 25/2 14:00: 6 h + 7.5 h + 4.5 h, paid after the old due instant
    (at(23, 9), at(25, 14), 18 * 3600, at(27, 15), at(25, 15)),
    # paid during the lunch break of the day it was asked: 11:00–11:30 only
    (at(23, 11), at(23, 12, 15), 30 * 60, at(25, 10, 30), at(23, 10, 30)),
    # asked and paid outside working hours (evening to next morning before opening): no working time stopped
    (at(23, 17, 30), at(24, 7, 0), 0, at(25, 10), at(23, 10)),
]


@pytest.mark.parametrize(("suspended", "paid", "seconds", "new_due", "new_step_due"), CASES)
def test_deadlines_move_back_by_exactly_the_working_time_suspended(
    step_and_dossier, officers, suspended, paid, seconds, new_due, new_step_due
):
    step, dossier = step_and_dossier
    _suspend(officers, dossier, suspended)

    with time_machine.travel(paid, tick=False):
        dossier = dossier_financial_obligation_met(officer=officers["receiver@commune_centre"], dossier=dossier,
                                                   receipt_reference="BL-0042", paid_online=True)  # fmt: skip

    assert dossier.status == Status.PROCESSING
    assert dossier.due_at == new_due
    assert dossier.original_due_at == at(25, 10)
    step.refresh_from_db()
    assert step.due_at == new_step_due
    (suspension,) = Suspension.objects.filter(dossier=dossier)
    assert (suspension.started_at, suspension.ended_at) == (suspended, paid)
    event = DossierEvent.objects.get(dossier=dossier, kind=EventKind.FINANCIAL_OBLIGATION_MET)
    assert (event.seq, event.status_before, event.status_after) == (3, Status.FINANCIAL_OBLIGATION, Status.PROCESSING)
    assert event.actor == officers["receiver@commune_centre"]
    assert {k: event.payload[k] for k in ("paid_online", "receipt_reference", "suspended_working_seconds")} == {
        "paid_online": True, "receipt_reference": "BL-0042", "suspended_working_seconds": seconds,
    }  # fmt: skip
    assert dt.datetime.fromisoformat(event.payload["old_due_at"]) == at(25, 10)
    assert dt.datetime.fromisoformat(event.payload["new_due_at"]) == new_due


def test_finished_steps_keep_their_dates_and_consultations_move_too(step_and_dossier, officers):
    step, dossier = step_and_dossier
    # given: an earlier step at the commune, already done
    done = StepInstance.objects.create(dossier=dossier, name="Xác nhận hiện trạng", position=2, agency=step.agency,
                                       role=step.role, state=StepState.DONE, started_at=at(13, 10),
                                       due_at=at(13, 16), finished_at=at(13, 15))  # fmt: skip
    # given: a consultation still open, due Mon 23/2 16:00
    consulted = active_step(dossier, step.agency, position=3, kind=StepKind.CONSULTATION, started_at=at(23, 8),
                            due_at=at(23, 16))  # fmt: skip
    _suspend(officers, dossier, at(23, 9))
    with time_machine.travel(at(24, 9), tick=False):
        dossier_financial_obligation_met(officer=officers["specialist@department"], dossier=dossier)
    done.refresh_from_db()
    consulted.refresh_from_db()
    assert done.due_at == at(13, 16)
    assert consulted.due_at == at(24, 16)  # one working day stood still, so one working day later
    event = DossierEvent.objects.get(dossier=dossier, kind=EventKind.FINANCIAL_OBLIGATION_MET)
    assert event.payload["paid_online"] is False
    assert event.payload["suspended_working_seconds"] == int(7.5 * 3600)


def test_only_a_dossier_waiting_for_payment(step_and_dossier, officers):
    _step, dossier = step_and_dossier
    with pytest.raises(DossierError) as refused:
        dossier_financial_obligation_met(officer=officers["receiver@commune_centre"], dossier=dossier)
    assert refused.value.code == DossierError.NOT_ALLOWED_IN_STATUS
    assert not DossierEvent.objects.filter(kind=EventKind.FINANCIAL_OBLIGATION_MET).exists()


@pytest.mark.parametrize("who", ["receiver@centre", "specialist@committee", "it_officer@commune_centre"])
def test_only_the_step_agency_or_the_desk_confirms_payment(step_and_dossier, officers, who):
    _step, dossier = step_and_dossier
    _suspend(officers, dossier, at(23, 9))
    with time_machine.travel(at(24, 9), tick=False), pytest.raises(DossierError) as refused:
        dossier_financial_obligation_met(officer=officers[who], dossier=dossier)
    assert refused.value.code == DossierError.NOT_PERMITTED
    assert Dossier.objects.get(pk=dossier.pk).status == Status.FINANCIAL_OBLIGATION
    assert Suspension.objects.get(dossier=dossier).ended_at is None
