"""The demo's two years of dossiers: made by the lifecycle's rules, so codes, due dates and the event chain hold.

Built once for the module, small (400) and at a fixed instant, so what the tests see does not depend on the day
they run.
"""

import datetime as dt
import re
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model

from lienthong.core.calendar_store import work_calendar_current
from lienthong.core.services import calendar_add
from lienthong.demo.history import demo_history_build, demo_history_exists
from lienthong.dossiers.constants import ONLINE_CHANNELS, Channel, EventKind, Status, StepKind, StepState
from lienthong.dossiers.models import (
    Dossier,
    DossierCodeCounter,
    DossierEvent,
    OutboxMessage,
    StepInstance,
    Suspension,
)
from lienthong.dossiers.services import Applicant, dossier_receive, dossier_receive_submitted, form_errors
from lienthong.dossiers.services.audit import audit_verify, chain_verify
from lienthong.dossiers.services.clock import due_for
from lienthong.org.constants import Role
from lienthong.org.models import OfficerRole

from .conftest import built, demo_checksum, demo_counts

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 3, 11, 16, 20, tzinfo=HCM)  # a Wednesday afternoon, three weeks after Tết
COUNT = 400
CODE = re.compile(r"^(?P<agency>\d{3}\.\d{2}\.\d{2}\.H19)-(?P<day>\d{6})-(?P<n>\d{4})$")
OPEN = {
    Status.SUBMITTED,
    Status.RECEIVED,
    Status.PROCESSING,
    Status.SUPPLEMENT_REQUESTED,
    Status.FINANCIAL_OBLIGATION,
    Status.RESULT_READY,
}


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker):
    with built(django_db_blocker, history=0):
        yield demo_history_build(count=COUNT, now=NOW)


def _received():
    return Dossier.objects.exclude(received_at=None).select_related("procedure_version")


def test_the_history_has_dossiers_in_every_current_state(history):
    statuses = Counter(Dossier.objects.values_list("status", flat=True))
    assert history.dossiers == sum(statuses.values()) == COUNT
    assert set(statuses) >= OPEN | {Status.RETURNED, Status.REFUSED}
    assert statuses[Status.RETURNED] / COUNT > 0.75
    assert history.by_status == dict(statuses)


def test_open_dossiers_wait_at_steps_across_the_process(history):
    processing = Dossier.objects.filter(status=Status.PROCESSING)
    active = StepInstance.objects.filter(dossier__in=processing, state=StepState.ACTIVE)
    assert set(active.values_list("dossier_id", flat=True)) == set(processing.values_list("pk", flat=True))
    assert {2, 3} <= set(active.values_list("position", flat=True))  # at appraisal and at approval
    waiting = Dossier.objects.filter(status__in=[Status.SUPPLEMENT_REQUESTED, Status.FINANCIAL_OBLIGATION])
    assert all(d.suspensions.filter(ended_at=None).count() == 1 for d in waiting)
    ready = Dossier.objects.filter(status=Status.RESULT_READY)
    assert all(d.steps.filter(state=StepState.ACTIVE, role="receiver").exists() for d in ready)


def test_each_dossier_keeps_its_next_step_deadline_as_the_services_would(history):
    # given what each dossier's active steps (consultations aside) say
    earliest = {}
    for dossier_id, due_at in StepInstance.objects.filter(state=StepState.ACTIVE, kind=StepKind.STEP).values_list(
        "dossier_id", "due_at"
    ):
        earliest[dossier_id] = min(due_at, earliest.get(dossier_id, due_at))
    # then the history wrote the same on every dossier (issue 18: the inboxes sort by it), and some have one
    kept = dict(Dossier.objects.values_list("pk", "next_due_at"))
    assert kept == {pk: earliest.get(pk) for pk in kept}
    assert sum(due is not None for due in kept.values()) > 10


def test_the_channel_mix_follows_the_provinces(history):
    channels = Counter(Dossier.objects.values_list("channel", flat=True))
    expected = {Channel.NATIONAL_PORTAL: 0.45, Channel.COUNTER: 0.35, Channel.POST: 0.10, Channel.OWN_PORTAL: 0.10}
    for channel, share in expected.items():
        assert abs(channels[channel] / COUNT - share) < 0.07, (channel, channels)


def test_codes_are_unique_and_gapless_per_agency_and_day_and_the_counters_hold_the_last(history):
    numbers = defaultdict(list)
    coded = Dossier.objects.select_related("agency")
    assert not coded.filter(code=None).exists()  # online dossiers have their code from submission on
    for dossier in coded:
        match = CODE.match(dossier.code)
        assert match and match["agency"] == dossier.agency.identifier_code, dossier.code
        issued_at = dossier.submitted_at if dossier.channel in ONLINE_CHANNELS else dossier.received_at
        assert match["day"] == f"{issued_at.astimezone(HCM):%y%m%d}"
        numbers[(dossier.agency_id, match["day"])].append(int(match["n"]))
    assert numbers
    for key, issued in numbers.items():
        assert sorted(issued) == list(range(1, len(issued) + 1)), key
    counters = {(c.agency_id, f"{c.day:%y%m%d}"): c.last for c in DossierCodeCounter.objects.all()}
    assert counters == {key: len(issued) for key, issued in numbers.items()}


def test_due_dates_are_what_the_clock_gives_for_each_receipt(history):
    received = list(_received())
    assert len(received) > COUNT * 0.9
    for dossier in received:
        due = due_for(version=dossier.procedure_version, received_at=dossier.received_at)
        assert dossier.original_due_at == due.instant, dossier
    receipts = DossierEvent.objects.filter(kind=EventKind.RECEIVED).select_related("dossier")
    for event in receipts:
        assert event.payload["code"] == event.dossier.code
        assert dt.datetime.fromisoformat(event.payload["due_at"]) == event.dossier.original_due_at


def test_step_due_dates_are_their_quota_in_working_hours_from_their_start(history):
    calendar = work_calendar_current()
    suspended = defaultdict(list)  # a suspension ending while the step ran moved its due date: not checked here
    for dossier_id, ended_at in Suspension.objects.values_list("dossier_id", "ended_at"):
        suspended[dossier_id].append(ended_at)
    steps = list(StepInstance.objects.select_related("step"))
    for step in steps:
        if any(end is None or end > step.started_at for end in suspended[step.dossier_id]):
            continue
        expected = calendar_add(start=step.started_at, amount=step.step.quota_hours, unit="working_hours",
                                calendar=calendar)  # fmt: skip
        assert step.due_at == expected.instant, step
    assert len(steps) > COUNT * 2


def test_dossiers_are_returned_on_time_and_late(history):
    returned = DossierEvent.objects.filter(kind=EventKind.RETURNED)
    on_time = Counter(event.payload["on_time"] for event in returned)
    assert on_time[True] and on_time[False]
    assert 0.65 < on_time[True] / returned.count() < 0.92
    assert history.on_time == on_time[True] and history.late == on_time[False]
    late = Dossier.objects.filter(status=Status.RETURNED, apology_count=0)
    overrun = [d.finished_at - d.due_at for d in late if d.finished_at > d.due_at]
    assert max(overrun) > dt.timedelta(days=2)  # really late, not a minute over


def test_supplements_and_apologies_keep_the_rules(history):
    calendar = work_calendar_current()
    for event in DossierEvent.objects.filter(kind=EventKind.SUPPLEMENT_REQUESTED).select_related("dossier"):
        dossier = event.dossier
        if event.status_before != Status.SUBMITTED:
            deadline = calendar.add(dossier.received_at, 3, "working_days").instant
            assert event.at <= deadline and dossier.supplement_count == 1
    apologies = DossierEvent.objects.filter(kind=EventKind.APOLOGY_ISSUED)
    assert apologies.exists()
    for event in apologies:
        assert event.payload["apology_count"] == 1
        old_due_at = dt.datetime.fromisoformat(event.payload["old_due_at"])
        assert calendar.working_time_between(event.at, old_due_at) >= calendar.day_length
    assert DossierEvent.objects.filter(kind=EventKind.FINANCIAL_OBLIGATION_MET).exists()
    assert (
        Suspension.objects.filter(ended_at=None).count()
        == Dossier.objects.filter(status__in=[Status.SUPPLEMENT_REQUESTED, Status.FINANCIAL_OBLIGATION]).count()
    )


def test_the_event_chain_verifies(history):
    assert chain_verify() == []
    report = audit_verify()
    assert report.ok and report.dossiers == COUNT and report.events == history.events
    assert all(d.event_seq == d.events.count() for d in Dossier.objects.all()[:50])


def test_events_are_in_the_past_and_in_order(history):
    last = {}
    for event in DossierEvent.objects.order_by("dossier_id", "seq"):
        assert event.at < NOW
        assert event.at >= last.get(event.dossier_id, event.at), event
        last[event.dossier_id] = event.at


def test_history_fills_no_outbox(history):
    assert history.events > COUNT * 5
    assert OutboxMessage.objects.count() == 0


def test_form_data_is_valid_for_its_procedure_as_stored(history):
    # before, each form carried a "_demo" mark that every closed schema refused: no desk could receive the
    # history's online submissions ("Tờ khai chưa hợp lệ"); the build records itself in a rule instead
    for dossier in Dossier.objects.select_related("procedure_version")[:120]:
        assert form_errors(version=dossier.procedure_version, form_data=dossier.form_data) == [], dossier
    assert demo_history_exists()


def test_the_desk_receives_an_online_submission_of_the_history(history):
    submitted = Dossier.objects.filter(status=Status.SUBMITTED).select_related(
        "agency", "procedure_version").first()  # fmt: skip
    assert submitted is not None
    grant = OfficerRole.objects.filter(agency=submitted.agency, role=Role.RECEIVER, is_active=True).first()
    officer = grant.user if grant else get_user_model().objects.get(username="admin")
    documents = set(submitted.procedure_version.documents.filter(is_mandatory=True).values_list("pk", flat=True))

    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        received = dossier_receive_submitted(officer=officer, dossier=submitted, documents_present=documents)

    assert received.status == Status.RECEIVED
    assert audit_verify().ok


def test_a_live_receipt_after_the_history_continues_the_days_numbering(history):
    # given the history's receipts of today at some desk
    today = NOW.date()
    counter = DossierCodeCounter.objects.filter(day=today).select_related("agency").order_by("-last").first()
    assert counter is not None
    sample = Dossier.objects.filter(agency=counter.agency).select_related("procedure_version").first()
    version = sample.procedure_version
    form = dict(sample.form_data)
    documents = {doc.pk for doc in version.documents.filter(is_mandatory=True)}
    admin = get_user_model().objects.get(username="admin")

    # when the desk receives one more, live
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        dossier = dossier_receive(
            officer=admin, agency=counter.agency, version=version, channel=Channel.COUNTER,
            applicant=Applicant(name="Nguyễn Văn An"), form_data=form, documents_present=documents,
        )  # fmt: skip

    # then it takes the next number of the day
    assert dossier.code == f"{counter.agency.identifier_code}-{today:%y%m%d}-{counter.last + 1:04d}"
    assert chain_verify() == []


def test_a_second_build_adds_nothing(history):
    counts, checksum = demo_counts(), demo_checksum()
    again = demo_history_build(count=COUNT, now=NOW)
    assert (again.dossiers, again.skipped) == (0, "exists")
    assert demo_counts() == counts and demo_checksum() == checksum
