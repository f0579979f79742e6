"""Routing: a step names its agency, or a kind of agency found in the territory of the agency that received the
dossier (Decree 118/2025 receives regardless of administrative boundary)."""

import pytest
import time_machine
from django.contrib.auth import get_user_model

from lienthong.dossiers.constants import Status, StepState
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.steps import dossier_complete_step, dossier_forward
from lienthong.org.constants import AgencyKind, Level, Role, UnitKind
from lienthong.org.models import AdministrativeUnit, Agency, OfficerRole
from tests.dossiers.conftest import REFORM
from tests.dossiers.steps_support import active_steps, assert_chained, at, kinds, receive, receive_and_forward

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _monday_morning():
    with time_machine.travel(at(2, 9), tick=False):
        yield


def _officer(name: str, agency: Agency, role: str):
    user = get_user_model().objects.create_user(name)
    OfficerRole.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def other_commune(province, officers):
    """A second ward of the province with its own committee and service centre."""
    unit = AdministrativeUnit.objects.create(
        code="26068",
        name="Phường Long Bình",
        level=Level.COMMUNE,
        kind=UnitKind.WARD,
        parent=province["unit"],
        valid_from=REFORM,
    )
    committee = Agency.objects.create(
        identifier_code="000.00.97.H19",
        name="UBND phường Long Bình",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        level=Level.COMMUNE,
        unit=unit,
    )
    centre = Agency.objects.create(
        identifier_code="000.00.96.H19",
        name="TTPVHCC phường Long Bình",
        kind=AgencyKind.SERVICE_CENTRE,
        level=Level.COMMUNE,
        unit=unit,
        parent=committee,
    )
    province.update(other_committee=committee, other_centre=centre)
    officers["receiver@other_centre"] = _officer("receiver.other", centre, Role.RECEIVER)
    officers["specialist@other_committee"] = _officer("specialist.other", committee, Role.SPECIALIST)
    return province


def test_a_commune_step_runs_at_the_committee_of_the_commune_that_received_the_dossier(
    other_commune, officers, procedure, applicant, form_data, documents
):
    # when each ward's desk receives and forwards a dossier of the same procedure
    here = receive_and_forward(other_commune, officers, procedure, applicant, form_data, documents)
    there = receive_and_forward(
        other_commune, officers, procedure, applicant, form_data, documents, desk="other_centre"
    )

    # then the commune check runs at each receiving ward's own committee
    assert [s.agency for s in active_steps(here)] == [other_commune["committee"]]
    assert [s.agency for s in active_steps(there)] == [other_commune["other_committee"]]
    assert there.events.get(kind="forwarded").payload["steps"][0]["agency_code"] == "000.00.97.H19"

    # and a step whose agency is fixed runs there, whoever received the dossier; the result goes back to the
    # desk that received it
    dossier_complete_step(
        officer=officers["specialist@other_committee"], dossier=there, step_instance=active_steps(there)[0]
    )
    assert {s.agency for s in active_steps(there)} == {other_commune["department"]}
    codes = [s["agency_code"] for s in there.events.filter(kind="forwarded").last().payload["steps"]]
    assert codes == ["000.00.03.H19", "000.00.03.H19"]
    for officer in ("specialist@department", "specialist@department", "leader@department"):
        dossier_complete_step(officer=officers[officer], dossier=there, step_instance=active_steps(there)[0])
    assert [s.agency for s in active_steps(there)] == [other_commune["other_centre"]]
    assert there.events.last().payload["return_step"]["agency_code"] == "000.00.96.H19"
    assert_chained(here), assert_chained(there)


def test_a_province_level_step_by_kind_runs_at_that_kind_of_agency_in_the_province(
    province, officers, procedure, applicant, form_data, documents
):
    procedure.steps.filter(position=2).update(level=Level.PROVINCE, agency_kind=AgencyKind.DEPARTMENT)
    dossier = receive_and_forward(province, officers, procedure, applicant, form_data, documents)
    assert [s.agency for s in active_steps(dossier)] == [province["department"]]
    assert dossier.events.get(kind="forwarded").payload["steps"][0]["agency_code"] == "000.00.03.H19"
    assert_chained(dossier)


def test_of_several_agencies_of_the_kind_the_receiving_desk_itself_is_chosen(
    province, officers, procedure, applicant, form_data, documents
):
    # given a second service point in the ward, which receives the dossier, and a process of check then return
    branch = Agency.objects.create(
        identifier_code="000.00.95.H19",
        name="Điểm tiếp nhận phường Trấn Biên số 2",
        kind=AgencyKind.SERVICE_CENTRE,
        level=Level.COMMUNE,
        unit=province["commune"],
        parent=province["committee"],
    )
    province["branch"] = branch
    officers["receiver@branch"] = _officer("receiver.branch", branch, Role.RECEIVER)
    procedure.steps.filter(position__in=[3, 4, 5]).delete()
    dossier = receive_and_forward(province, officers, procedure, applicant, form_data, documents, desk="branch")

    # when the committee finishes its check
    dossier_complete_step(
        officer=officers["specialist@committee"], dossier=dossier, step_instance=active_steps(dossier)[0]
    )

    # then the result goes back to the branch that received it, not to the ward's other centre
    (back,) = active_steps(dossier)
    assert (back.agency, back.role) == (branch, Role.RECEIVER)
    assert kinds(dossier) == ["received", "forwarded", "step_completed", "result_ready"]
    assert dossier.events.last().payload["return_step"]["agency_code"] == "000.00.95.H19"
    assert_chained(dossier)


@pytest.mark.parametrize(
    ("desk", "change", "why"),
    [
        ("commune_centre", {"agency_kind": AgencyKind.SECTOR_AGENCY}, "không có cơ quan loại này tại Phường Trấn Biên"),
        ("centre", {}, "đơn vị tiếp nhận không thuộc đơn vị hành chính cấp này"),
    ],
    ids=["no-such-agency-in-the-commune", "received-at-the-province-has-no-commune"],
)
def test_a_step_with_no_agency_to_run_at_is_not_forwarded(
    province, officers, procedure, applicant, form_data, documents, desk, change, why
):
    procedure.steps.filter(position=2).update(**change)
    dossier = receive(province, officers, procedure, applicant, form_data, documents, desk=desk)
    with pytest.raises(DossierError) as refused:
        dossier_forward(officer=officers[f"receiver@{desk}"], dossier=dossier)
    assert refused.value.code == DossierError.UNKNOWN_AGENCY
    assert "Xác nhận hiện trạng" in refused.value.message and why in refused.value.message
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED
    assert not dossier.steps.filter(state=StepState.ACTIVE).exists()
    assert kinds(dossier) == ["received"]
    assert_chained(dossier)
