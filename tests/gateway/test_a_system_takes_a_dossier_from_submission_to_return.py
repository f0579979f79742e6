"""The unit's software creates a dossier and reports each step; every report goes through the lifecycle service,
so the dossier's events, deadlines and status are those an officer's actions would give."""

import io

import pytest

from lienthong.dossiers.constants import Channel, EventKind, Status
from lienthong.dossiers.models import Attachment, Dossier, DossierEvent
from lienthong.gateway.models import SystemDossier
from tests.files import PDF
from tests.signing.given import trusted_signed_pdf

pytestmark = pytest.mark.django_db


def _kinds(dossier: Dossier) -> list[str]:
    return list(DossierEvent.objects.filter(dossier=dossier).order_by("seq").values_list("kind", flat=True))


def test_created_dossier_is_submitted_through_the_connected_system_channel(api, system, local_procedure, new_dossier):
    # when
    response = api.post("/dossiers", new_dossier("MC-1"))
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    dossier = Dossier.objects.get(code=body["code"])
    assert (dossier.channel, dossier.status, dossier.agency) == (Channel.CONNECTED_SYSTEM, Status.SUBMITTED,
                                                                 system.agency)  # fmt: skip
    assert body["external_id"] == "MC-1" and body["national_status"] == 1
    assert SystemDossier.objects.get(system=system, external_id="MC-1").dossier == dossier
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.kind, event.actor_label) == (EventKind.SUBMITTED, system.name)


def test_each_reported_action_writes_the_event_of_its_service(api, system, local_procedure, new_dossier):
    code = api.post("/dossiers", new_dossier("MC-2")).json()["code"]
    for action, status in [("receive", Status.RECEIVED), ("forward", Status.PROCESSING),
                           ("complete_step", Status.RESULT_READY)]:  # fmt: skip
        response = api.post(f"/dossiers/{code}/actions", {"action": action, "approve": action == "complete_step"})
        assert response.status_code == 200, response.content
        assert response.json()["status"] == status
    detail = api.get(f"/dossiers/{code}").json()
    assert detail["due_at"] is not None and [s["name"] for s in detail["active_steps"]] == ["Trả kết quả"]
    # when the result file is attached and the result returned
    signed = trusted_signed_pdf(PDF)  # signed by the unit's software: an electronic return needs it
    upload = io.BytesIO(signed)
    upload.name = "ket-qua.pdf"
    attached = api.post(f"/dossiers/{code}/results", data={"file": upload})
    returned = api.post(f"/dossiers/{code}/actions", {"action": "return", "delivery": "electronic"})
    # then
    assert attached.status_code == 201, attached.content
    assert attached.json()["content_type"] == "application/pdf"
    assert Attachment.objects.get(dossier__code=code).kind == Attachment.Kind.RESULT
    assert returned.json()["status"] == Status.RETURNED and returned.json()["national_status"] == 10
    dossier = Dossier.objects.get(code=code)
    assert _kinds(dossier) == [EventKind.SUBMITTED, EventKind.RECEIVED, EventKind.FORWARDED, EventKind.APPROVED,
                               EventKind.RESULT_READY, EventKind.RETURNED]  # fmt: skip
    assert set(DossierEvent.objects.filter(dossier=dossier).exclude(kind=EventKind.SUBMITTED)
               .values_list("actor", flat=True)) == {system.account_id}  # fmt: skip
    assert SystemDossier.objects.get(dossier=dossier).actions_applied == 4


def test_supplement_and_refusal_map_onto_their_services(api, local_procedure, new_dossier):
    code = api.post("/dossiers", new_dossier("MC-3")).json()["code"]
    asked = api.post(f"/dossiers/{code}/actions", {"action": "request_supplement", "missing": ["Bản sao CCCD"]})
    assert asked.json()["status"] == Status.SUPPLEMENT_REQUESTED
    refused = api.post(f"/dossiers/{code}/actions", {"action": "refuse", "reason": "Không bổ sung đúng hạn"})
    assert refused.json()["status"] == Status.REFUSED
    assert _kinds(Dossier.objects.get(code=code)) == [EventKind.SUBMITTED, EventKind.SUPPLEMENT_REQUESTED,
                                                      EventKind.REFUSED]  # fmt: skip


def test_an_action_the_status_forbids_is_a_409_problem_and_changes_nothing(api, local_procedure, new_dossier):
    code = api.post("/dossiers", new_dossier("MC-4")).json()["code"]
    response = api.post(f"/dossiers/{code}/actions", {"action": "return"})
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "urn:lienthong:problem:dossier.not_allowed_in_status"
    assert _kinds(Dossier.objects.get(code=code)) == [EventKind.SUBMITTED]


def test_a_file_that_is_not_a_document_is_refused_by_content(api, local_procedure, new_dossier):
    code = api.post("/dossiers", new_dossier("MC-5")).json()["code"]
    upload = io.BytesIO(b"MZ\x90\x00 not a pdf at all")
    upload.name = "ket-qua.pdf"
    response = api.post(f"/dossiers/{code}/results", data={"file": upload})
    assert response.status_code == 422
    assert response.json()["type"] == "urn:lienthong:problem:dossier.file_type_not_allowed"
    assert not Attachment.objects.exists()


def test_an_unknown_procedure_or_a_taken_external_id_is_refused(api, local_procedure, new_dossier):
    assert api.post("/dossiers", new_dossier("MC-6", procedure="9.999999")).status_code == 422
    assert api.post("/dossiers", new_dossier("MC-6")).status_code == 201
    taken = api.post("/dossiers", new_dossier("MC-6"))
    assert taken.status_code == 409
    assert taken.json()["type"] == "urn:lienthong:problem:gateway.external_id_taken"
    assert Dossier.objects.count() == 1
