"""Decision 766's PAKN figures are counted from the reporting read model, which follows the complaints' events: each
action's event moves the complaint's fact (`reports.ComplaintFact`) in the action's own transaction, so nothing
between the two can lose it; a subscriber that fails never undoes the action, and `reports_rebuild` repairs it."""

import datetime as dt

import pytest
from django.db import transaction

from lienthong.complaints.constants import EVENTS_SOURCE, EventKind, Status
from lienthong.complaints.models import ComplaintEvent
from lienthong.complaints.services import (
    complaint_accept,
    complaint_answer,
    complaint_forward,
    complaint_publish,
    complaint_refuse,
)
from lienthong.core.events import record_subscribe
from lienthong.dossiers.models import Dossier
from lienthong.reports.constants import COMPLAINT_FACTS_TOPIC
from lienthong.reports.models import ComplaintFact
from lienthong.reports.rebuild import reports_rebuild
from lienthong.reports.services import complaint_fact_on_event
from tests.complaints.conftest import HCM, TUESDAY_MORNING
from tests.dossiers.conftest import procedure  # noqa: F401 — a fixture

pytestmark = pytest.mark.django_db


def _fact(complaint) -> tuple:
    fact = ComplaintFact.objects.get(pk=complaint.pk)
    return fact.agency_id, fact.answered_at, fact.refused, fact.dossier_id, fact.version


def test_each_event_moves_the_complaints_fact(submit, officers, province):
    leader = officers["leader@committee"]
    complaint = submit()
    assert _fact(complaint) == (province["committee"].pk, None, False, None, 1)
    assert ComplaintFact.objects.get(pk=complaint.pk).answer_due_at == complaint.answer_due_at

    complaint_forward(complaint=complaint, officer=leader, to_agency=province["department"])
    assert _fact(complaint)[0] == province["department"].pk  # handled, and counted, where it went
    complaint_accept(complaint=complaint, officer=officers["leader@department"])
    answered = dt.datetime(2026, 3, 20, 9, tzinfo=HCM)
    complaint_answer(complaint=complaint, officer=officers["leader@department"], answer="Đã xử lý.", at=answered)
    complaint_publish(complaint=complaint, officer=officers["leader@department"])

    assert _fact(complaint) == (province["department"].pk, answered, False, None, 5)
    assert list(ComplaintEvent.objects.filter(complaint=complaint).order_by("id").values_list("kind", flat=True)) == [
        EventKind.SUBMITTED, EventKind.FORWARDED, EventKind.ACCEPTED, EventKind.ANSWERED, EventKind.PUBLISHED,
    ]  # fmt: skip
    assert reports_rebuild(check=True).equal


def test_a_refusal_and_the_dossier_a_complaint_names_reach_the_fact(submit, officers, province, procedure):  # noqa: F811
    named = Dossier.objects.create(
        code="000.00.99.H19-260301-0001", agency=province["commune_centre"], procedure_version=procedure,
        channel="counter", status="received", applicant_kind="citizen", applicant_name="Trần Thị Lan",
    )  # fmt: skip
    complaint = submit(dossier_code=named.code.lower())
    complaint_refuse(complaint=complaint, officer=officers["leader@committee"], reason="Trùng lặp.",
                     at=TUESDAY_MORNING)  # fmt: skip

    assert _fact(complaint) == (province["committee"].pk, None, True, named.pk, 2)


def test_a_failing_subscriber_never_undoes_the_action_and_a_rebuild_repairs_its_fact(submit, officers):
    complaint = submit()

    def broken(envelope):
        ComplaintFact.objects.filter(pk=envelope["complaint_id"]).update(refused=True)  # half done, then fails
        raise RuntimeError("the read model is down")

    record_subscribe(EVENTS_SOURCE, COMPLAINT_FACTS_TOPIC, broken)
    try:
        with transaction.atomic():
            complaint_accept(complaint=complaint, officer=officers["leader@committee"])
    finally:
        record_subscribe(EVENTS_SOURCE, COMPLAINT_FACTS_TOPIC, complaint_fact_on_event)

    complaint.refresh_from_db()
    assert complaint.status == Status.ACCEPTED  # the action went through
    assert _fact(complaint)[2:] == (False, None, 1)  # its savepoint rolled back: the fact is the one before it
    report = reports_rebuild(check=True)
    assert (report.complaint_facts_differing, report.equal) == (1, False)
    reports_rebuild()
    assert _fact(complaint)[-1] == 2 and reports_rebuild(check=True).equal
