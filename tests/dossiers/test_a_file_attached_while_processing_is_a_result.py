"""Issue 11, point 1: what an officer attaches once the dossier is being processed — at a step, by the approving
officer, at the desk before the return — is a result of the processing, unless they file it under one of the
procedure's documents; before that it is part of the application; during a supplement request, of the supplement.
A result attached before the approval is still the result when the dossier is returned."""

import pytest
import time_machine
from django.core.files.base import ContentFile

from lienthong.dossiers.constants import EventKind, ResultDelivery
from lienthong.dossiers.models import Attachment
from lienthong.dossiers.services import (
    DossierError,
    dossier_complete_step,
    dossier_request_supplement,
    dossier_return,
)
from lienthong.dossiers.services.files import attachment_add
from tests.backoffice.web_given import PDF
from tests.dossiers.steps_support import active_steps, at, receive, receive_and_forward
from tests.signing.given import signed_result_attach

pytestmark = pytest.mark.django_db
RESULT, SUBMITTED, SUPPLEMENT = Attachment.Kind.RESULT, Attachment.Kind.SUBMITTED, Attachment.Kind.SUPPLEMENT


@pytest.fixture(autouse=True)
def _monday_morning():
    with time_machine.travel(at(2, 9), tick=False):
        yield


@pytest.fixture
def walk(province, officers, procedure, applicant, form_data, documents):
    return {
        "received": lambda: receive(province, officers, procedure, applicant, form_data, documents),
        "forwarded": lambda: receive_and_forward(province, officers, procedure, applicant, form_data, documents),
    }


def _attach(officers, who: str, dossier, **kwargs) -> Attachment:
    return attachment_add(officer=officers[who], dossier=dossier, upload=ContentFile(PDF, name="tep.pdf"), **kwargs)


def test_before_processing_a_file_is_part_of_the_application(walk, officers):
    assert _attach(officers, "receiver@commune_centre", walk["received"]()).kind == SUBMITTED


def test_at_a_processing_step_a_file_is_a_result_unless_filed_as_a_document(walk, officers, procedure):
    dossier = walk["forwarded"]()
    assert _attach(officers, "specialist@committee", dossier).kind == RESULT
    document = procedure.documents.get(position=2)
    assert _attach(officers, "specialist@committee", dossier, required_document=document).kind == SUBMITTED
    # the officer may say what it is
    assert _attach(officers, "specialist@committee", dossier, kind=SUBMITTED).kind == SUBMITTED


def test_during_a_supplement_request_a_file_is_the_supplement(walk, officers):
    dossier = dossier_request_supplement(officer=officers["receiver@commune_centre"], dossier=walk["received"](),
                                         missing=["Sổ đỏ"], note="")  # fmt: skip
    assert _attach(officers, "receiver@commune_centre", dossier).kind == SUPPLEMENT


def test_a_result_is_not_filed_as_a_document_of_the_application(walk, officers, procedure):
    dossier = walk["forwarded"]()
    with pytest.raises(DossierError) as refused:
        _attach(officers, "specialist@committee", dossier, kind=RESULT, required_document=procedure.documents.first())
    assert refused.value.code == DossierError.INVALID_TARGET
    assert not dossier.attachments.exists()


def test_a_result_attached_before_the_approval_is_the_result_returned(walk, officers):
    dossier = walk["forwarded"]()
    # given the department's specialist attaches the drafted result while the dossier is at its steps
    for who in ["specialist@committee", "specialist@department"]:
        dossier_complete_step(officer=officers[who], dossier=dossier, step_instance=active_steps(dossier)[0])
    # (signed: an electronic return needs a signed result — tests/signing)
    result = signed_result_attach(officer=officers["specialist@department"], dossier=dossier, name="tep.pdf")
    # and the last parallel step and the leader's approval follow
    _complete_the_rest(officers, dossier)
    # when the desk returns it electronically
    dossier_return(officer=officers["receiver@commune_centre"], dossier=dossier, delivery=ResultDelivery.ELECTRONIC)

    result.refresh_from_db()
    assert result.kind == RESULT
    returned = dossier.events.get(kind=EventKind.RETURNED)
    assert returned.payload["results"] == [{"id": result.pk, "name": "tep.pdf", "sha256": result.sha256}]


def _complete_the_rest(officers, dossier) -> None:
    for who in ["specialist@department", "leader@department"]:
        dossier_complete_step(officer=officers[who], dossier=dossier, step_instance=active_steps(dossier)[0],
                              approve=who.startswith("leader"))  # fmt: skip
