"""Decree 61 art. 19(9), Mẫu 04: an agency that will be late apologises and sets ONE new appointment, no later
than one working day before the due date — counted in working time, so Tết can make "the day before" ten days."""

import datetime as dt

import pytest
import time_machine

from lienthong.core.models import Rule
from lienthong.dossiers.constants import EventKind, Status
from lienthong.dossiers.models import Dossier, DossierEvent
from lienthong.dossiers.rules import MAX_APOLOGIES
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.outcome import dossier_apologize
from tests.dossiers.outcome_given import active_step, at, received

pytestmark = pytest.mark.django_db
LEADER = "leader@department"
REASON = "Cần xác minh thực địa ranh giới thửa đất"


@pytest.fixture
def receive_processing(province, officers, procedure, applicant, form_data, documents):
    def given(when):
        dossier = received(province, officers, procedure, applicant, form_data, documents, when=when)
        # given: forwarded to the department, which holds the active appraisal step
        Dossier.objects.filter(pk=dossier.pk).update(status=Status.PROCESSING)
        active_step(dossier, province["department"], position=3, started_at=when, due_at=dossier.due_at)
        return dossier

    return given


def _apologize(officers, dossier, when, new_due_at, who=LEADER, reason=REASON):
    with time_machine.travel(when, tick=False):
        return dossier_apologize(officer=officers[who], dossier=dossier, reason=reason, new_due_at=new_due_at)


# One working day is 7 h 30 min of working time before the due instant.
CASES = [
    # received Fri 13/2 10:00 → due Wed 25/2 10:00 (Tết 14/2–22/2 skipped)
    pytest.param(at(13, 10), at(25, 10), at(24, 9), True, id="Tue 24/2 09:00: 8 h 30 before"),
    pytest.param(at(13, 10), at(25, 10), at(24, 10), True, id="Tue 24/2 10:00: exactly 7 h 30 before"),
    pytest.param(at(13, 10), at(25, 10), at(24, 10, 0, 1), False, id="Tue 24/2 10:00:01: a second too late"),
    pytest.param(at(13, 10), at(25, 10), at(24, 11), False, id="Tue 24/2 11:00: 6 h 30 before"),
    pytest.param(at(13, 10), at(25, 10), at(24, 12, 30), False, id="Tue 24/2 lunch: 6 h before"),
    # received Wed 11/2 10:00 → due Mon 23/2 10:00: the last working day before is Fri 13/2, ten days earlier
    pytest.param(at(11, 10), at(23, 10), at(13, 10), True, id="Fri 13/2 10:00 before Tết: exactly 7 h 30 before"),
    pytest.param(at(11, 10), at(23, 10), at(13, 10, 1), False, id="Fri 13/2 10:01 before Tết: too late"),
    pytest.param(at(11, 10), at(23, 10), at(20, 9), False, id="during Tết: only 2 h 30 left"),
]


@pytest.mark.parametrize(("receipt", "due", "when", "allowed"), CASES)
def test_the_apology_comes_at_least_one_working_day_before_the_due_date(
    receive_processing, officers, receipt, due, when, allowed
):
    dossier = receive_processing(receipt)
    assert dossier.due_at == due
    new_due = due + dt.timedelta(days=7)

    if not allowed:
        with pytest.raises(DossierError) as refused:
            _apologize(officers, dossier, when, new_due)
        assert refused.value.code == DossierError.APOLOGY_TOO_LATE
        assert Dossier.objects.get(pk=dossier.pk).due_at == due
        assert not DossierEvent.objects.filter(kind=EventKind.APOLOGY_ISSUED).exists()
        return

    dossier = _apologize(officers, dossier, when, new_due)
    assert (dossier.due_at, dossier.original_due_at, dossier.apology_count) == (new_due, due, 1)
    assert dossier.status == Status.PROCESSING
    event = DossierEvent.objects.get(dossier=dossier, kind=EventKind.APOLOGY_ISSUED)
    assert (event.seq, event.status_before, event.status_after) == (2, Status.PROCESSING, Status.PROCESSING)
    assert (event.actor, event.at) == (officers[LEADER], when)
    assert event.payload["reason"] == REASON
    assert dt.datetime.fromisoformat(event.payload["old_due_at"]) == due
    assert dt.datetime.fromisoformat(event.payload["new_due_at"]) == new_due
    assert event.payload["old_due_at"].endswith("+07:00")  # the clock the citizen was told, on either database


def test_a_new_appointment_is_set_only_once(receive_processing, officers):
    dossier = receive_processing(at(13, 10))
    _apologize(officers, dossier, at(23, 8), at(4, 10, month=3))
    with pytest.raises(DossierError) as refused:
        _apologize(officers, dossier, at(24, 8), at(6, 10, month=3))
    assert refused.value.code == DossierError.APOLOGY_ALREADY_GIVEN
    assert Dossier.objects.get(pk=dossier.pk).due_at == at(4, 10, month=3)
    assert DossierEvent.objects.filter(dossier=dossier, kind=EventKind.APOLOGY_ISSUED).count() == 1


def test_a_province_may_allow_a_second_appointment(receive_processing, officers):
    Rule.objects.create(key=MAX_APOLOGIES, value=2, note="thí điểm")
    dossier = receive_processing(at(13, 10))
    _apologize(officers, dossier, at(23, 8), at(4, 10, month=3))
    dossier = _apologize(officers, dossier, at(24, 8), at(6, 10, month=3))
    assert (dossier.due_at, dossier.original_due_at, dossier.apology_count) == (at(6, 10, month=3), at(25, 10), 2)
    events = DossierEvent.objects.filter(dossier=dossier, kind=EventKind.APOLOGY_ISSUED).order_by("seq")
    assert [dt.datetime.fromisoformat(e.payload["old_due_at"]) for e in events] == [at(25, 10), at(4, 10, month=3)]
    with pytest.raises(DossierError) as refused:
        _apologize(officers, dossier, at(25, 8), at(9, 10, month=3))
    assert refused.value.code == DossierError.APOLOGY_ALREADY_GIVEN


@pytest.mark.parametrize("new_due", [at(25, 10), at(24, 17)])
def test_the_new_appointment_is_later_than_the_current_one(receive_processing, officers, new_due):
    dossier = receive_processing(at(13, 10))
    with pytest.raises(DossierError) as refused:
        _apologize(officers, dossier, at(23, 8), new_due)
    assert refused.value.code == DossierError.NEW_DATE_NOT_LATER


def test_the_apology_gives_a_reason(receive_processing, officers):
    dossier = receive_processing(at(13, 10))
    with pytest.raises(DossierError) as refused:
        _apologize(officers, dossier, at(23, 8), at(4, 10, month=3), reason="   ")
    assert refused.value.code == DossierError.REASON_REQUIRED
    assert Dossier.objects.get(pk=dossier.pk).apology_count == 0


@pytest.mark.parametrize("who", ["specialist@department", "receiver@commune_centre", "leader@committee",
                                 "leader@centre"])  # fmt: skip
def test_only_a_leader_of_the_desk_or_of_the_step_agency_apologises(receive_processing, officers, who):
    dossier = receive_processing(at(13, 10))
    with pytest.raises(DossierError) as refused:
        _apologize(officers, dossier, at(23, 8), at(4, 10, month=3), who=who)
    assert refused.value.code == DossierError.NOT_PERMITTED


@pytest.mark.parametrize("status", [Status.RECEIVED, Status.SUPPLEMENT_REQUESTED, Status.FINANCIAL_OBLIGATION])
def test_the_receiving_agency_leader_may_apologise_while_the_dossier_is_open(
    province, officers, procedure, applicant, form_data, documents, status
):
    dossier = received(province, officers, procedure, applicant, form_data, documents, when=at(13, 10))
    # given: the dossier is open in `status`, with no step elsewhere
    Dossier.objects.filter(pk=dossier.pk).update(status=status)
    dossier = _apologize(officers, dossier, at(23, 8), at(4, 10, month=3), who="leader@commune_centre")
    assert (dossier.status, dossier.apology_count) == (status, 1)
    event = DossierEvent.objects.get(dossier=dossier, kind=EventKind.APOLOGY_ISSUED)
    assert event.status_before == event.status_after == status


@pytest.mark.parametrize("status", [Status.RESULT_READY, Status.RETURNED, Status.REFUSED, Status.SUBMITTED])
def test_not_once_the_dossier_is_done_with(receive_processing, officers, status):
    dossier = receive_processing(at(13, 10))
    # given: the dossier has left the open statuses
    Dossier.objects.filter(pk=dossier.pk).update(status=status)
    with pytest.raises(DossierError) as refused:
        _apologize(officers, dossier, at(23, 8), at(4, 10, month=3))
    assert refused.value.code == DossierError.NOT_ALLOWED_IN_STATUS
    assert not DossierEvent.objects.filter(kind=EventKind.APOLOGY_ISSUED).exists()
