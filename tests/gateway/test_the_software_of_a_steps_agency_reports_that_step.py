"""A dossier received at the commune's service centre and processed by the commune's committee: the committee's own
software sees it once the step reaches the committee, and reports that step itself — as its officers would in the
back office and as its webhooks already tell it — while a third agency's software still finds nothing."""

import io
from decimal import Decimal

import pytest

from lienthong.catalogue.models import Field, Procedure, ProcedureVersion, ProcessStep, RequiredDocument
from lienthong.dossiers.models import Dossier
from lienthong.gateway.constants import Scope, SystemKind
from lienthong.gateway.services.credentials import key_create, system_create
from lienthong.org.constants import Level, Role
from tests.dossiers.conftest import FORM_SCHEMA
from tests.files import PDF
from tests.gateway.conftest import SystemClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def crossing_procedure(province):
    """Received and returned at the service centre; examined and approved at the committee."""
    version = ProcedureVersion.objects.create(
        procedure=Procedure.objects.create(national_code="1.003005", field=Field.objects.create(code="H19-CT",
                                                                                                name="Chứng thực")),
        decision="QĐ 2/QĐ-UBND", name="Chứng thực hợp đồng", time_limit_value=Decimal(2),
        time_limit_unit="working_days", online_level="full", form_schema=FORM_SCHEMA,
    )  # fmt: skip
    RequiredDocument.objects.create(version=version, position=1, name="Hợp đồng", copy_kind="original")
    for position, name, agency, role, actions in [
        (1, "Tiếp nhận", province["commune_centre"], Role.RECEIVER, ["receive"]),
        (2, "Thẩm định và phê duyệt", province["committee"], Role.SPECIALIST, ["process", "approve"]),
        (3, "Trả kết quả", province["commune_centre"], Role.RECEIVER, ["return_result"]),
    ]:
        ProcessStep.objects.create(version=version, position=position, name=name, level=Level.COMMUNE, agency=agency,
                                   role=role, actions=actions, quota_hours=Decimal(4))  # fmt: skip
    return version


@pytest.fixture
def committee_api(client, province):
    software = system_create(agency=province["committee"], name="Một cửa UBND phường", kind=SystemKind.ONE_STOP)
    return SystemClient(client, key_create(system=software, scopes=Scope.values, actor_label="test").token)


def test_the_committees_software_completes_its_step_and_the_centre_returns(api, committee_api, other_api,
                                                                          crossing_procedure, new_dossier):  # fmt: skip
    code = api.post("/dossiers", new_dossier("MC-7", procedure="1.003005")).json()["code"]
    # before the step reaches it, the committee's software does not see the dossier
    assert committee_api.get(f"/dossiers/{code}").status_code == 404
    assert api.post(f"/dossiers/{code}/actions", {"action": "receive"}).status_code == 200
    forwarded = api.post(f"/dossiers/{code}/actions", {"action": "forward"}).json()
    assert [s["agency_code"] for s in forwarded["active_steps"]] == ["000.00.99.H19"]

    seen = committee_api.get(f"/dossiers/{code}")
    assert seen.status_code == 200 and seen.json()["external_id"] is None  # not its own id: the centre's
    assert [d["code"] for d in committee_api.get("/dossiers").json()["items"]] == [code]
    done = committee_api.post(f"/dossiers/{code}/actions", {"action": "complete_step", "approve": True})
    assert done.status_code == 200, done.content
    assert [s["agency_code"] for s in done.json()["active_steps"]] == ["000.00.98.H19"]

    upload = io.BytesIO(PDF)
    upload.name = "ket-qua.pdf"
    assert api.post(f"/dossiers/{code}/results", data={"file": upload}).status_code == 201
    assert api.post(f"/dossiers/{code}/actions", {"action": "return", "delivery": "at_desk"}).status_code == 200
    dossier = Dossier.objects.get(code=code)
    assert dossier.status == "returned"
    actors = list(dossier.events.order_by("seq").values_list("kind", "actor__connected_system__name"))
    assert ("approved", "Một cửa UBND phường") in actors and actors[-1] == ("returned", "Một cửa phường Trấn Biên")
    # the province's centre has no step in it: still nothing to see
    assert other_api.get(f"/dossiers/{code}").status_code == 404
