"""A system sees and moves only the dossiers its agency received: another agency's is a 404, and nothing is
written."""

import io

import pytest

from lienthong.dossiers.models import Attachment, Dossier, DossierEvent
from tests.files import PDF

pytestmark = pytest.mark.django_db


def test_another_agencys_dossier_cannot_be_read_moved_or_given_a_result(api, other_api, local_procedure,
                                                                       new_dossier):  # fmt: skip
    # given a dossier of the commune centre
    code = api.post("/dossiers", new_dossier("MC-1")).json()["code"]
    events = DossierEvent.objects.count()
    upload = io.BytesIO(PDF)
    upload.name = "kq.pdf"
    # when the province's system tries it
    responses = [
        other_api.get(f"/dossiers/{code}"),
        other_api.post(f"/dossiers/{code}/actions", {"action": "receive"}),
        other_api.post(f"/dossiers/{code}/results", data={"file": upload}),
    ]
    # then
    for response in responses:
        assert response.status_code == 404, response.content
        assert response.json()["type"] == "urn:lienthong:problem:gateway.not_found"
    assert DossierEvent.objects.count() == events
    assert not Attachment.objects.exists()
    assert Dossier.objects.get(code=code).status == "submitted"
    assert other_api.get("/dossiers").json()["items"] == []
