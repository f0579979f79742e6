"""After receipt, the desk or the unit appraising the dossier asks once, fully, within 3 working days of receipt
(Decree 61 art. 15(3), 19(4)); the clock stops."""

import pytest
import time_machine

from lienthong.core.models import Rule
from lienthong.dossiers.constants import EventKind, Status, SuspensionReason
from lienthong.dossiers.models import Suspension
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.supplement import dossier_request_supplement, dossier_supplement_received
from tests.dossiers.lifecycle_given import at, at_step, in_status, last_event, received, trail

pytestmark = pytest.mark.django_db
MISSING = ["Giấy tờ về quyền sử dụng đất (bản sao có chứng thực)", "Sơ đồ thửa đất"]


@pytest.fixture
def dossier(province, officers, procedure, applicant, form_data, documents):
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        return received(province, officers, procedure, applicant, form_data, documents)


@time_machine.travel(at(2026, 3, 3, 10, 0), tick=False)
def test_the_desk_asks_once_and_the_clock_stops(officers, dossier):
    desk = officers["receiver@commune_centre"]

    dossier = dossier_request_supplement(officer=desk, dossier=dossier, missing=[f" {MISSING[0]} ", "", MISSING[1]],
                                         note="Nộp bổ sung tại Bộ phận Một cửa phường.")  # fmt: skip

    dossier.refresh_from_db()
    assert (dossier.status, dossier.supplement_count) == (Status.SUPPLEMENT_REQUESTED, 1)
    (suspension,) = Suspension.objects.filter(dossier=dossier)
    assert (suspension.reason, suspension.started_at, suspension.ended_at, suspension.resume_status) == (
        SuspensionReason.SUPPLEMENT, at(2026, 3, 3, 10, 0), None, Status.RECEIVED
    )  # fmt: skip
    assert trail(dossier) == [
        (1, EventKind.RECEIVED, "", Status.RECEIVED, desk.pk),
        (2, EventKind.SUPPLEMENT_REQUESTED, Status.RECEIVED, Status.SUPPLEMENT_REQUESTED, desk.pk),
    ]
    assert last_event(dossier).payload == {"missing": MISSING, "note": "Nộp bổ sung tại Bộ phận Một cửa phường."}


@pytest.mark.parametrize("who", ["specialist@department", "leader@department", "receiver@commune_centre"])
def test_the_unit_at_the_active_step_or_the_desk_may_ask(province, officers, procedure, dossier, who):
    at_step(dossier, procedure, position=3, agency=province["department"], started_at=at(2026, 3, 2, 14, 0),
            due_at=at(2026, 3, 3, 14, 0))  # fmt: skip

    with time_machine.travel(at(2026, 3, 4, 8, 0), tick=False):
        dossier_request_supplement(officer=officers[who], dossier=dossier, missing=MISSING, note="")

    assert Suspension.objects.get(dossier=dossier).resume_status == Status.PROCESSING
    assert trail(dossier)[1:] == [
        (2, EventKind.SUPPLEMENT_REQUESTED, Status.PROCESSING, Status.SUPPLEMENT_REQUESTED, officers[who].pk)
    ]
    assert last_event(dossier).payload == {"missing": MISSING, "note": ""}


@pytest.mark.parametrize(
    "who",
    [
        "specialist@commune_centre",  # at the receiving agency, but not its desk
        "receiver@department",  # the desk of another agency
        "leader@committee",  # an agency with no active step on this dossier
        "monitor@department",  # at the active step's agency, but not a role that appraises
    ],
)
def test_nobody_else_may_ask(province, officers, procedure, dossier, who):
    at_step(dossier, procedure, position=3, agency=province["department"], started_at=at(2026, 3, 2, 14, 0),
            due_at=at(2026, 3, 3, 14, 0))  # fmt: skip

    with time_machine.travel(at(2026, 3, 3, 8, 0), tick=False), pytest.raises(DossierError) as refused:
        dossier_request_supplement(officer=officers[who], dossier=dossier, missing=MISSING, note="")

    assert refused.value.code == DossierError.NOT_PERMITTED
    dossier.refresh_from_db()
    assert (dossier.status, dossier.supplement_count) == (Status.PROCESSING, 0)
    assert not Suspension.objects.exists()
    assert trail(dossier) == [(1, EventKind.RECEIVED, "", Status.RECEIVED, officers["receiver@commune_centre"].pk)]


def test_a_second_request_is_refused_once_fully(officers, dossier):
    desk = officers["receiver@commune_centre"]
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        dossier_request_supplement(officer=desk, dossier=dossier, missing=MISSING[:1], note="")
    with time_machine.travel(at(2026, 3, 2, 14, 0), tick=False):
        dossier_supplement_received(officer=desk, dossier=dossier)

    with time_machine.travel(at(2026, 3, 3, 8, 0), tick=False), pytest.raises(DossierError) as refused:
        dossier_request_supplement(officer=desk, dossier=dossier, missing=MISSING[1:], note="")

    assert refused.value.code == DossierError.SUPPLEMENT_ALREADY_REQUESTED
    dossier.refresh_from_db()
    assert (dossier.status, dossier.supplement_count) == (Status.RECEIVED, 1)
    assert [kind for _, kind, *_ in trail(dossier)] == [
        EventKind.RECEIVED, EventKind.SUPPLEMENT_REQUESTED, EventKind.SUPPLEMENT_RECEIVED
    ]  # fmt: skip


def test_a_province_may_allow_a_second_request(officers, dossier):
    Rule.objects.create(key="dossiers.max_supplement_requests", value=2)
    desk = officers["receiver@commune_centre"]
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        dossier_request_supplement(officer=desk, dossier=dossier, missing=MISSING[:1], note="")
    with time_machine.travel(at(2026, 3, 2, 14, 0), tick=False):
        dossier_supplement_received(officer=desk, dossier=dossier)

    with time_machine.travel(at(2026, 3, 3, 8, 0), tick=False):
        dossier_request_supplement(officer=desk, dossier=dossier, missing=MISSING[1:], note="Lần 2")

    dossier.refresh_from_db()
    assert (dossier.status, dossier.supplement_count) == (Status.SUPPLEMENT_REQUESTED, 2)
    assert trail(dossier)[3] == (4, EventKind.SUPPLEMENT_REQUESTED, Status.RECEIVED, Status.SUPPLEMENT_REQUESTED,
                                 desk.pk)  # fmt: skip
    assert last_event(dossier).payload == {"missing": MISSING[1:], "note": "Lần 2"}


# Received → the notice period ends 3 working days (3 × 7 h 30 min of working time) later, on the same clock as the
# appointment: Tết 2026 is off from 14/2 to 22/2, Hùng Vương (Sun 26/4) is observed on Mon 27/4.
NOTICE_PERIODS = [
    # received, asked, allowed
    (at(2026, 2, 13, 10, 0), at(2026, 2, 24, 16, 0), True),  # Tue 24/2 is the 2nd working day after Fri 13/2
    (at(2026, 2, 13, 10, 0), at(2026, 2, 25, 10, 0), True),  # the period ends Wed 25/2 10:00
    (at(2026, 2, 13, 10, 0), at(2026, 2, 25, 10, 1), False),
    (at(2026, 2, 13, 16, 0), at(2026, 2, 25, 16, 59), True),  # after the 15:00 cut-off: from Mon 23/2 07:30
    (at(2026, 4, 23, 9, 0), at(2026, 4, 29, 9, 0), True),  # Fri 24/4, Tue 28/4, Wed 29/4 to 09:00
    (at(2026, 4, 23, 9, 0), at(2026, 4, 29, 9, 30), False),
]


@pytest.mark.parametrize(("received_at", "asked_at", "allowed"), NOTICE_PERIODS)
def test_the_request_comes_within_three_working_days_of_receipt(
    province, officers, procedure, applicant, form_data, documents, received_at, asked_at, allowed
):
    desk = officers["receiver@commune_centre"]
    with time_machine.travel(received_at, tick=False):
        dossier = received(province, officers, procedure, applicant, form_data, documents)

    with time_machine.travel(asked_at, tick=False):
        if allowed:
            dossier_request_supplement(officer=desk, dossier=dossier, missing=MISSING, note="")
        else:
            with pytest.raises(DossierError) as refused:
                dossier_request_supplement(officer=desk, dossier=dossier, missing=MISSING, note="")
            assert refused.value.code == DossierError.SUPPLEMENT_PERIOD_OVER
            assert refused.value.details["deadline"] < asked_at

    expected = [(1, EventKind.RECEIVED, "", Status.RECEIVED, desk.pk)]
    if allowed:
        expected.append((2, EventKind.SUPPLEMENT_REQUESTED, Status.RECEIVED, Status.SUPPLEMENT_REQUESTED, desk.pk))
    assert trail(dossier) == expected


def test_a_province_may_set_a_longer_notice_period(officers, dossier):
    Rule.objects.create(key="dossiers.supplement_notice_working_days", value=5)
    desk = officers["receiver@commune_centre"]

    with time_machine.travel(at(2026, 3, 6, 16, 0), tick=False):  # the 4th working day after Mon 2/3 09:00
        dossier_request_supplement(officer=desk, dossier=dossier, missing=MISSING, note="")

    assert trail(dossier)[1] == (2, EventKind.SUPPLEMENT_REQUESTED, Status.RECEIVED, Status.SUPPLEMENT_REQUESTED,
                                 desk.pk)  # fmt: skip


@pytest.mark.parametrize("missing", [[], ["", "   "]])
@time_machine.travel(at(2026, 3, 2, 10, 0), tick=False)
def test_the_request_names_what_is_missing(officers, dossier, missing):
    with pytest.raises(DossierError) as refused:
        dossier_request_supplement(officer=officers["receiver@commune_centre"], dossier=dossier, missing=missing,
                                   note="Bổ sung giấy tờ")  # fmt: skip

    assert refused.value.code == DossierError.SUPPLEMENT_ITEMS_REQUIRED
    assert dossier.supplement_count == 0 and not Suspension.objects.exists()
    assert [kind for _, kind, *_ in trail(dossier)] == [EventKind.RECEIVED]


@pytest.mark.parametrize(
    "status", [Status.SUPPLEMENT_REQUESTED, Status.FINANCIAL_OBLIGATION, Status.RESULT_READY, Status.RETURNED]
)
@time_machine.travel(at(2026, 3, 2, 10, 0), tick=False)
def test_not_in_other_statuses(officers, dossier, status):
    in_status(dossier, status)

    with pytest.raises(DossierError) as refused:
        dossier_request_supplement(officer=officers["receiver@commune_centre"], dossier=dossier, missing=MISSING,
                                   note="")  # fmt: skip

    assert refused.value.code == DossierError.NOT_ALLOWED_IN_STATUS
    assert not Suspension.objects.exists()
    assert [kind for _, kind, *_ in trail(dossier)] == [EventKind.RECEIVED]
