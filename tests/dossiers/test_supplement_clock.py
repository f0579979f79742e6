"""When the supplement is in, the clock restarts from zero (Decree 61 art. 19(4), the default) or, where the province
chooses, resumes pushed back by the working time waited; the active steps move with it.

The case: received Thu 23/4/2026 09:00, due in 3 working days → Wed 29/4 09:00 (Hùng Vương observed Mon 27/4).
The commune's check (step 2, 6 working hours) started Fri 24/4 08:00, due Fri 24/4 16:00. It asks for a supplement
Fri 24/4 10:00; the applicant brings it Mon 4/5 08:30 (30/4–3/5 off). Working time waited: Fri 5 h, Tue 28/4 and
Wed 29/4 7 h 30 min each, Mon 4/5 1 h = 21 h.
"""

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured

from lienthong.core.models import Rule
from lienthong.dossiers.constants import EventKind, Status, StepKind, StepState
from lienthong.dossiers.models import StepInstance, Suspension
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.supplement import dossier_request_supplement, dossier_supplement_received
from tests.dossiers.lifecycle_given import at, at_step, in_status, last_event, received, trail

pytestmark = pytest.mark.django_db
WAITED = 21 * 3600
BACK_AT = at(2026, 5, 4, 8, 30)


@pytest.fixture
def waiting(province, officers, procedure, applicant, form_data, documents):
    """The dossier waiting for its supplement, with its check step and a consultation frozen."""
    with time_machine.travel(at(2026, 4, 23, 9, 0), tick=False):
        dossier = received(province, officers, procedure, applicant, form_data, documents)
    assert dossier.due_at == at(2026, 4, 29, 9, 0)
    check = at_step(dossier, procedure, position=2, agency=province["committee"], started_at=at(2026, 4, 24, 8, 0),
                    due_at=at(2026, 4, 24, 16, 0))  # fmt: skip
    consultation = StepInstance.objects.create(
        dossier=dossier, kind=StepKind.CONSULTATION, name="Xin ý kiến Sở", position=2, agency=province["department"],
        role="specialist", started_at=at(2026, 4, 24, 8, 0), due_at=at(2026, 4, 28, 8, 0),
    )  # fmt: skip
    done = StepInstance.objects.create(
        dossier=dossier, step=procedure.steps.get(position=1), name="Tiếp nhận", position=1,
        agency=province["commune_centre"], role="receiver", state=StepState.DONE, started_at=at(2026, 4, 23, 9, 0),
        due_at=at(2026, 4, 23, 11, 0), finished_at=at(2026, 4, 23, 9, 0),
    )  # fmt: skip
    with time_machine.travel(at(2026, 4, 24, 10, 0), tick=False):
        dossier_request_supplement(officer=officers["specialist@committee"], dossier=dossier,
                                   missing=["Sơ đồ thửa đất"], note="")  # fmt: skip
    return {"dossier": dossier, "check": check, "consultation": consultation, "done": done}


def _due(step: StepInstance):
    step.refresh_from_db()
    return step.due_at


def _assert_trail(dossier, officers) -> None:
    assert trail(dossier) == [
        (1, EventKind.RECEIVED, "", Status.RECEIVED, officers["receiver@commune_centre"].pk),
        (2, EventKind.SUPPLEMENT_REQUESTED, Status.PROCESSING, Status.SUPPLEMENT_REQUESTED,
         officers["specialist@committee"].pk),
        (3, EventKind.SUPPLEMENT_RECEIVED, Status.SUPPLEMENT_REQUESTED, Status.PROCESSING,
         officers["receiver@commune_centre"].pk),
    ]  # fmt: skip


@time_machine.travel(BACK_AT, tick=False)
def test_by_default_the_time_limit_restarts_from_zero(officers, waiting):
    dossier = waiting["dossier"]

    dossier_supplement_received(officer=officers["receiver@commune_centre"], dossier=dossier,
                                documents_added=["Sơ đồ thửa đất"], note="Nộp tại quầy")  # fmt: skip

    dossier.refresh_from_db()
    assert (dossier.status, dossier.due_at, dossier.original_due_at) == (
        Status.PROCESSING, at(2026, 5, 7, 8, 30), at(2026, 4, 29, 9, 0)
    )  # fmt: skip
    assert _due(waiting["check"]) == at(2026, 5, 4, 16, 30)  # its whole 6 working hours again, from 08:30
    assert _due(waiting["consultation"]) == at(2026, 5, 4, 16, 0)  # no quota of its own: pushed back by 21 h
    assert _due(waiting["done"]) == at(2026, 4, 23, 11, 0)
    assert Suspension.objects.get(dossier=dossier).ended_at == BACK_AT
    _assert_trail(dossier, officers)
    payload = last_event(dossier).payload
    assert (payload["rule"], payload["old_due_at"], payload["new_due_at"]) == (
        "restart", "2026-04-29T09:00:00+07:00", "2026-05-07T08:30:00+07:00"
    )  # fmt: skip
    assert (payload["suspended_working_seconds"], payload["documents_added"], payload["note"]) == (
        WAITED, ["Sơ đồ thửa đất"], "Nộp tại quầy"
    )  # fmt: skip
    assert payload["due_explanation"][-1] == "Hạn: 08:30 thứ Năm 07/05/2026."


@time_machine.travel(BACK_AT, tick=False)
def test_a_province_may_resume_the_clock_pushed_back_by_the_time_waited(officers, waiting):
    Rule.objects.create(key="dossiers.supplement_clock", value="resume")
    dossier = waiting["dossier"]

    dossier_supplement_received(officer=officers["receiver@commune_centre"], dossier=dossier)

    dossier.refresh_from_db()
    # Wed 29/4 09:00 + 21 h: Wed 6 h, Mon 4/5 7 h 30 min, Tue 5/5 7 h 30 min → Tue 5/5 17:00
    assert (dossier.status, dossier.due_at) == (Status.PROCESSING, at(2026, 5, 5, 17, 0))
    # Fri 24/4 16:00 + 21 h: Fri 1 h, Tue 28/4 and Wed 29/4 15 h, Mon 4/5 5 h → Mon 4/5 14:30
    assert _due(waiting["check"]) == at(2026, 5, 4, 14, 30)
    assert _due(waiting["consultation"]) == at(2026, 5, 4, 16, 0)
    assert _due(waiting["done"]) == at(2026, 4, 23, 11, 0)
    assert Suspension.objects.get(dossier=dossier).ended_at == BACK_AT
    _assert_trail(dossier, officers)
    payload = last_event(dossier).payload
    assert (payload["rule"], payload["old_due_at"], payload["new_due_at"]) == (
        "resume", "2026-04-29T09:00:00+07:00", "2026-05-05T17:00:00+07:00"
    )  # fmt: skip
    assert (payload["suspended_working_seconds"], payload["documents_added"], payload["note"]) == (WAITED, [], "")
    assert payload["due_explanation"][-1] == (
        "Không tính 21 giờ làm việc khi tạm dừng: hạn lùi từ 09:00 thứ Tư 29/04/2026 đến 17:00 thứ Ba 05/05/2026."
    )


@time_machine.travel(BACK_AT, tick=False)
def test_a_rule_that_is_neither_restart_nor_resume_is_a_configuration_error(officers, waiting):
    Rule.objects.create(key="dossiers.supplement_clock", value="pause")
    dossier = waiting["dossier"]

    with pytest.raises(ImproperlyConfigured):
        dossier_supplement_received(officer=officers["receiver@commune_centre"], dossier=dossier)

    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT_REQUESTED
    assert Suspension.objects.get(dossier=dossier).ended_at is None
    assert [kind for _, kind, *_ in trail(dossier)][-1] == EventKind.SUPPLEMENT_REQUESTED


@pytest.mark.parametrize("who", ["specialist@committee", "leader@commune_centre", "receiver@centre"])
@time_machine.travel(BACK_AT, tick=False)
def test_only_the_desk_of_the_receiving_agency_records_the_supplement(officers, waiting, who):
    dossier = waiting["dossier"]

    with pytest.raises(DossierError) as refused:
        dossier_supplement_received(officer=officers[who], dossier=dossier)

    assert refused.value.code == DossierError.NOT_PERMITTED
    assert Suspension.objects.get(dossier=dossier).ended_at is None
    assert len(trail(dossier)) == 2


@time_machine.travel(BACK_AT, tick=False)
def test_nothing_to_record_unless_a_supplement_was_asked_for(officers, waiting):
    dossier = in_status(waiting["dossier"], Status.PROCESSING)

    with pytest.raises(DossierError) as refused:
        dossier_supplement_received(officer=officers["receiver@commune_centre"], dossier=dossier)

    assert refused.value.code == DossierError.NOT_ALLOWED_IN_STATUS
    assert [kind for _, kind, *_ in trail(dossier)] == [EventKind.RECEIVED, EventKind.SUPPLEMENT_REQUESTED]
