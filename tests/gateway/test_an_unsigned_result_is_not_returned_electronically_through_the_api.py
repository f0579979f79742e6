"""Issue 14 through the connected systems' API: a result the unit's software sends unsigned (or signed by an
authority the province does not trust) is kept, but the electronic return is refused with an RFC 9457 problem
naming the reason; signed with a trusted certificate, the same return goes through."""

import io

import pytest

from lienthong.dossiers.constants import Status
from lienthong.dossiers.models import Attachment, Dossier
from tests.files import PDF
from tests.signing.given import trusted_signed_pdf

pytestmark = pytest.mark.django_db


def _result_ready(api, new_dossier) -> str:
    code = api.post("/dossiers", new_dossier("MC-14")).json()["code"]
    for action in ("receive", "forward", "complete_step"):
        answer = api.post(f"/dossiers/{code}/actions", {"action": action, "approve": action == "complete_step"})
        assert answer.status_code == 200, answer.content
    return code


def _attach(api, code: str, content: bytes):
    upload = io.BytesIO(content)
    upload.name = "ket-qua.pdf"
    return api.post(f"/dossiers/{code}/results", data={"file": upload})


def test_an_unsigned_result_is_refused_with_a_problem_then_a_signed_one_returns(api, system, local_procedure,
                                                                                new_dossier):  # fmt: skip
    code = _result_ready(api, new_dossier)
    assert _attach(api, code, PDF).status_code == 201

    refused = api.post(f"/dossiers/{code}/actions", {"action": "return", "delivery": "electronic"})

    assert refused.status_code == 422 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["type"] == "urn:lienthong:problem:dossier.result_not_signed"
    assert "chưa được ký số" in refused.json()["detail"]
    assert Dossier.objects.get(code=code).status == Status.RESULT_READY
    assert not Attachment.objects.filter(dossier__code=code, signed_at__isnull=False).exists()

    assert _attach(api, code, trusted_signed_pdf(PDF)).status_code == 201
    returned = api.post(f"/dossiers/{code}/actions", {"action": "return", "delivery": "electronic"})
    assert returned.status_code == 200 and returned.json()["status"] == Status.RETURNED
