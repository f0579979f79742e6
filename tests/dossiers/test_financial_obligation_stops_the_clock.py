"""Notifying a financial obligation (national status 6) stops the dossier's clock."""

import pytest
import time_machine

from lienthong.dossiers.constants import EventKind, Status, StepKind, SuspensionReason
from lienthong.dossiers.models import Dossier, DossierEvent, Suspension
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.outcome import dossier_request_financial_obligation
from tests.dossiers.outcome_given import active_step, at, received

pytestmark = pytest.mark.django_db
ITEMS = [{"name": "Lệ phí trước bạ", "amount": 1_500_000}, {"name": "Phí thẩm định", "amount": 0}]


@pytest.fixture
def processing(province, officers, procedure, applicant, form_data, documents):
    """Received Fri 13/2/2026 10:00 (due Wed 25/2 10:00); the department is appraising it."""
    dossier = received(province, officers, procedure, applicant, form_data, documents, when=at(13, 10))
    # given: forwarded to the department, which holds the active appraisal step
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.PROCESSING)
    active_step(dossier, province["department"], position=3, started_at=at(13, 10), due_at=at(23, 10))
    return dossier


@time_machine.travel(at(13, 14), tick=False)
def test_the_department_notifies_the_fees_and_the_clock_stops(processing, officers):
    dossier = dossier_request_financial_obligation(
        officer=officers["specialist@department"], dossier=processing, items=ITEMS, note="Nộp tại Kho bạc"
    )

    assert dossier.status == Status.FINANCIAL_OBLIGATION
    assert dossier.due_at == at(25, 10)  # moved only when the clock runs again
    (suspension,) = Suspension.objects.filter(dossier=dossier)
    assert (suspension.reason, suspension.started_at, suspension.ended_at, suspension.resume_status) == (
        SuspensionReason.FINANCIAL_OBLIGATION, at(13, 14), None, Status.PROCESSING,
    )  # fmt: skip
    event = DossierEvent.objects.get(dossier=dossier, seq=2)
    assert (event.kind, event.status_before, event.status_after) == (
        EventKind.FINANCIAL_OBLIGATION_SET, Status.PROCESSING, Status.FINANCIAL_OBLIGATION,
    )  # fmt: skip
    assert event.payload == {"items": ITEMS, "total": 1_500_000, "note": "Nộp tại Kho bạc"}
    assert event.actor == officers["specialist@department"]


@pytest.mark.parametrize("who", ["leader@department", "receiver@commune_centre"])
def test_a_leader_of_the_step_agency_or_the_desk_may_notify(processing, officers, who):
    dossier = dossier_request_financial_obligation(officer=officers[who], dossier=processing, items=ITEMS)
    assert dossier.status == Status.FINANCIAL_OBLIGATION
    assert DossierEvent.objects.filter(dossier=dossier, kind=EventKind.FINANCIAL_OBLIGATION_SET).count() == 1


@pytest.mark.parametrize(
    "who",
    ["receiver@department", "specialist@committee", "specialist@commune_centre", "leader@centre", "specialist@centre"],
)
def test_officers_without_an_active_step_or_the_desk_may_not(processing, officers, who):
    with pytest.raises(DossierError) as refused:
        dossier_request_financial_obligation(officer=officers[who], dossier=processing, items=ITEMS)
    assert refused.value.code == DossierError.NOT_PERMITTED
    assert not Suspension.objects.exists()
    assert not DossierEvent.objects.filter(kind=EventKind.FINANCIAL_OBLIGATION_SET).exists()


def test_a_consulted_agency_does_not_speak_for_the_dossier(processing, province, officers):
    # given: the centre is only being consulted
    active_step(processing, province["centre"], position=3, kind=StepKind.CONSULTATION, started_at=at(13, 10),
                due_at=at(23, 10))  # fmt: skip
    with pytest.raises(DossierError) as refused:
        dossier_request_financial_obligation(officer=officers["specialist@centre"], dossier=processing, items=ITEMS)
    assert refused.value.code == DossierError.NOT_PERMITTED


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.SUPPLEMENT_REQUESTED, Status.RESULT_READY])
def test_only_a_dossier_in_processing(processing, officers, status):
    # given: the dossier is not being processed
    Dossier.objects.filter(pk=processing.pk).update(status=status)
    with pytest.raises(DossierError) as refused:
        dossier_request_financial_obligation(officer=officers["specialist@department"], dossier=processing, items=ITEMS)
    assert refused.value.code == DossierError.NOT_ALLOWED_IN_STATUS
    assert not Suspension.objects.exists()


@pytest.mark.parametrize(
    "items",
    [
        [],
        [{"name": "Lệ phí", "amount": -1}],
        [{"name": "Lệ phí", "amount": 1.5}],
        [{"name": "Lệ phí", "amount": "100000"}],
        [{"name": "Lệ phí", "amount": True}],
        [{"name": "  ", "amount": 100_000}],
        [{"amount": 100_000}],
        ["Lệ phí 100.000đ"],
    ],
)
def test_each_item_has_a_name_and_a_whole_non_negative_amount_in_dong(processing, officers, items):
    with pytest.raises(DossierError) as refused:
        dossier_request_financial_obligation(officer=officers["specialist@department"], dossier=processing, items=items)
    assert refused.value.code == DossierError.INVALID_FINANCIAL_ITEMS
    assert Dossier.objects.get(pk=processing.pk).status == Status.PROCESSING
