"""Issue 11, point 1: an electronic return hands over the result files, so the desk cannot return electronically a
dossier that has none (the applicant would be told of a result they cannot download); paper returns need none."""

import datetime as dt

import pytest
import time_machine
from django.core.files.base import ContentFile

from lienthong.dossiers.constants import EventKind, ResultDelivery, Status, StepState
from lienthong.dossiers.models import Attachment, Dossier, StepInstance
from lienthong.dossiers.services import DossierError
from lienthong.dossiers.services.files import attachment_add
from lienthong.dossiers.services.outcome import dossier_return
from lienthong.org.constants import Role
from tests.backoffice.web_given import PDF
from tests.dossiers.outcome_given import active_step, at, received
from tests.signing.given import signed_result_attach

pytestmark = pytest.mark.django_db
DESK = "receiver@commune_centre"


@pytest.fixture
def ready(province, officers, procedure, applicant, form_data, documents):
    """Received Fri 13/2/2026 10:00 asking for an electronic result; finished on Tue 24/2 15:00."""
    dossier = received(province, officers, procedure, applicant, form_data, documents, when=at(13, 10))
    # given: the departments finished; the return step waits at the desk (set directly, as the outcome tests do)
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.RESULT_READY, finished_at=at(24, 15),
                                                 result_delivery=ResultDelivery.ELECTRONIC)  # fmt: skip
    active_step(dossier, province["commune_centre"], position=6, role=Role.RECEIVER, started_at=at(24, 15),
                due_at=at(24, 15) + dt.timedelta(hours=2))  # fmt: skip
    return Dossier.objects.get(pk=dossier.pk)


def _return(officers, dossier, delivery):
    with time_machine.travel(at(24, 16), tick=False):
        return dossier_return(officer=officers[DESK], dossier=dossier, delivery=delivery)


def test_without_a_result_file_the_electronic_return_is_refused_and_nothing_changes(ready, officers):
    # given a file of the application, which is not a result
    attachment_add(officer=officers[DESK], dossier=ready, upload=ContentFile(PDF, name="don.pdf"),
                   kind=Attachment.Kind.SUBMITTED)  # fmt: skip

    with pytest.raises(DossierError) as refused:
        _return(officers, ready, ResultDelivery.ELECTRONIC)

    assert refused.value.code == DossierError.RESULT_FILE_MISSING
    assert "chưa có tệp kết quả giải quyết" in refused.value.message
    assert Dossier.objects.get(pk=ready.pk).status == Status.RESULT_READY
    assert StepInstance.objects.get(dossier=ready).state == StepState.ACTIVE
    assert not ready.events.filter(kind=EventKind.RETURNED).exists()


@pytest.mark.parametrize("delivery", [ResultDelivery.AT_DESK, ResultDelivery.BY_POST])
def test_a_paper_return_needs_no_file(ready, officers, delivery):
    assert _return(officers, ready, delivery).status == Status.RETURNED


def test_with_a_result_file_the_electronic_return_hands_it_over(ready, officers):
    # attached at the desk once the result is ready, signed (an electronic return needs that: tests/signing)
    result = signed_result_attach(officer=officers[DESK], dossier=ready)
    assert result.kind == Attachment.Kind.RESULT

    returned = _return(officers, ready, ResultDelivery.ELECTRONIC)

    assert (returned.status, returned.result_delivery) == (Status.RETURNED, ResultDelivery.ELECTRONIC)
    event = returned.events.get(kind=EventKind.RETURNED)
    assert event.payload["delivery"] == ResultDelivery.ELECTRONIC
    assert event.payload["results"] == [{"id": result.pk, "name": "ket-qua.pdf", "sha256": result.sha256}]
