"""An online submission found incomplete at the desk is sent back for a supplement before it is received (Decree 61
art. 17(1a)): no clock yet (it has had its code since submission); the appraising unit keeps its own one request
after receipt."""

import pytest
import time_machine

from lienthong.dossiers.constants import EventKind, Status, SuspensionReason
from lienthong.dossiers.models import Suspension
from lienthong.dossiers.services import DossierError, dossier_receive_submitted
from lienthong.dossiers.services.supplement import dossier_request_supplement, dossier_supplement_received
from tests.dossiers.lifecycle_given import at, last_event, submitted, trail

pytestmark = pytest.mark.django_db
MISSING = ["Giấy tờ về quyền sử dụng đất"]


@pytest.fixture
def dossier(province, procedure, applicant, form_data):
    with time_machine.travel(at(2026, 2, 12, 20, 0), tick=False):
        return submitted(province, procedure, applicant, form_data)


def test_the_desk_asks_and_records_the_supplement_without_a_clock(officers, dossier):
    desk = officers["receiver@commune_centre"]

    with time_machine.travel(at(2026, 2, 13, 9, 0), tick=False):
        dossier_request_supplement(officer=desk, dossier=dossier, missing=MISSING, note="Tải lên bản chụp rõ nét.")
    dossier.refresh_from_db()
    code = dossier.code  # given at submission; the clock has not started
    assert code and (dossier.status, dossier.due_at, dossier.supplement_count) == (
        Status.SUPPLEMENT_REQUESTED, None, 0
    )  # fmt: skip
    with time_machine.travel(at(2026, 2, 24, 8, 0), tick=False):
        dossier_supplement_received(officer=desk, dossier=dossier, documents_added=MISSING)

    dossier.refresh_from_db()
    assert (dossier.status, dossier.code, dossier.received_at, dossier.due_at) == (Status.SUBMITTED, code, None, None)
    (suspension,) = Suspension.objects.filter(dossier=dossier)
    assert (suspension.reason, suspension.resume_status) == (SuspensionReason.SUPPLEMENT, Status.SUBMITTED)
    assert (suspension.started_at, suspension.ended_at) == (at(2026, 2, 13, 9, 0), at(2026, 2, 24, 8, 0))
    assert trail(dossier) == [
        (1, EventKind.SUBMITTED, "", Status.SUBMITTED, None),
        (2, EventKind.SUPPLEMENT_REQUESTED, Status.SUBMITTED, Status.SUPPLEMENT_REQUESTED, desk.pk),
        (3, EventKind.SUPPLEMENT_RECEIVED, Status.SUPPLEMENT_REQUESTED, Status.SUBMITTED, desk.pk),
    ]
    requested, supplied = dossier.events.order_by("seq")[1:]
    assert requested.payload == {"missing": MISSING, "note": "Tải lên bản chụp rõ nét."}
    # Fri 13/2 09:00–17:00 is 6 h of working time, Tết is off to Sun 22/2, Mon 23/2 is 7 h 30 min and
    # Tue 24/2 07:30–08:00 is 30 min.
    assert supplied.payload == {
        "rule": None, "old_due_at": None, "new_due_at": None, "due_explanation": [],
        "suspended_working_seconds": 14 * 3600, "documents_added": MISSING, "note": "",
    }  # fmt: skip


def test_only_the_desk_of_the_receiving_agency_asks_before_receipt(officers, dossier):
    for who in ("receiver@centre", "specialist@commune_centre", "leader@commune_centre"):
        with pytest.raises(DossierError) as refused:
            dossier_request_supplement(officer=officers[who], dossier=dossier, missing=MISSING, note="")
        assert refused.value.code == DossierError.NOT_PERMITTED

    assert trail(dossier) == [(1, EventKind.SUBMITTED, "", Status.SUBMITTED, None)]
    assert not Suspension.objects.exists()


def test_the_desk_asks_only_once_but_the_appraising_unit_keeps_its_request(officers, dossier, documents):
    desk = officers["receiver@commune_centre"]
    with time_machine.travel(at(2026, 2, 13, 9, 0), tick=False):
        dossier_request_supplement(officer=desk, dossier=dossier, missing=MISSING, note="")
        dossier_supplement_received(officer=desk, dossier=dossier, documents_added=MISSING)

    # given the desk already asked once
    with time_machine.travel(at(2026, 2, 13, 9, 30), tick=False), pytest.raises(DossierError) as refused:
        dossier_request_supplement(officer=desk, dossier=dossier, missing=["Văn bản ủy quyền"], note="")
    assert refused.value.code == DossierError.SUPPLEMENT_ALREADY_REQUESTED

    # when the submission is received and appraised, the one request after receipt is still available
    with time_machine.travel(at(2026, 2, 13, 10, 0), tick=False):
        dossier_receive_submitted(officer=desk, dossier=dossier, documents_present=documents)
    with time_machine.travel(at(2026, 2, 23, 10, 0), tick=False):
        dossier_request_supplement(officer=desk, dossier=dossier, missing=["Văn bản ủy quyền"], note="")

    dossier.refresh_from_db()
    assert (dossier.status, dossier.supplement_count) == (Status.SUPPLEMENT_REQUESTED, 1)
    assert [(seq, kind, before, after) for seq, kind, before, after, _ in trail(dossier)] == [
        (1, EventKind.SUBMITTED, "", Status.SUBMITTED),
        (2, EventKind.SUPPLEMENT_REQUESTED, Status.SUBMITTED, Status.SUPPLEMENT_REQUESTED),
        (3, EventKind.SUPPLEMENT_RECEIVED, Status.SUPPLEMENT_REQUESTED, Status.SUBMITTED),
        (4, EventKind.RECEIVED, Status.SUBMITTED, Status.RECEIVED),
        (5, EventKind.SUPPLEMENT_REQUESTED, Status.RECEIVED, Status.SUPPLEMENT_REQUESTED),
    ]
    assert last_event(dossier).payload == {"missing": ["Văn bản ủy quyền"], "note": ""}
    assert last_event(dossier).actor == desk
