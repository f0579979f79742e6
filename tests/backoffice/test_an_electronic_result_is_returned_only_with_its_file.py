"""Issue 11, point 1, through the back-office pages: a file a handler attaches at a processing step is filed as the
result by default; the approving leader and the desk are warned when an electronic result has no file; the desk's
electronic return of a dossier without one is refused with the reason, and succeeds once the result is attached.
Issue 14: the leader's approval signs the result; an unsigned result is not offered for an electronic return."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lienthong.dossiers import services
from lienthong.dossiers.constants import Channel, ResultDelivery, Status, StepState
from lienthong.dossiers.models import Attachment, Dossier
from tests.backoffice import scope_given as given
from tests.backoffice.scope_given import action_url, as_officer, dossier_url
from tests.backoffice.web_given import PDF
from tests.signing.given import certificate_give, shared_ca, signed_pdf, trust_shared

pytestmark = pytest.mark.django_db
NO_FILE_WARNING = "người nộp đăng ký nhận kết quả bản điện tử nhưng hồ sơ chưa có tệp kết quả giải quyết"


@pytest.fixture
def electronic(province, officers, procedure):
    """Nguyễn Thị Hoa's land registration, asking for the result as an electronic copy, at the department's steps."""
    dossier = services.dossier_receive(
        officer=officers[given.DESK], agency=province["commune_centre"], version=procedure, channel=Channel.COUNTER,
        applicant=given.HOA, form_data=given.FORM, result_delivery=ResultDelivery.ELECTRONIC,
        documents_present=set(procedure.documents.filter(is_mandatory=True).values_list("pk", flat=True)),
    )  # fmt: skip
    dossier = given.forward_from_desk(officers, dossier)
    return given.complete(officers, dossier, "specialist@committee", "Xác nhận")


def _to_result_ready(officers, dossier) -> Dossier:
    dossier = given.complete(officers, dossier, "specialist@department", "Thẩm định")
    dossier = given.complete(officers, dossier, "specialist@department", "Xác định nghĩa vụ")
    leader = as_officer(officers["leader@department"])  # approves, and so signs, on the dossier's page
    step = given.active(dossier, "Phê duyệt")
    assert leader.post(action_url(dossier, "approve"), {"step": step.pk, "note": "Đồng ý"}).status_code == 302
    return Dossier.objects.get(pk=dossier.pk)


def _attach(client, dossier, name: str, **fields):
    upload = SimpleUploadedFile(name, PDF, content_type="application/pdf")
    return client.post(action_url(dossier, "attach"), {"file": upload, **fields})


def test_a_file_attached_at_a_step_is_the_result_returned_electronically(electronic, officers, province):
    certificate_give(shared_ca(), user=officers["leader@department"], agency=province["department"])
    expert = as_officer(officers["specialist@department"])
    # the attach panel offers the file as a result by default at a processing step
    page = expert.get(dossier_url(electronic)).content.decode()
    assert re.search(r'<input type="radio" name="kind" value="result"[^>]*checked', page)

    assert _attach(expert, electronic, "ket-qua.pdf", kind="result").status_code == 302
    (result,) = Attachment.objects.filter(dossier=electronic)
    assert (result.kind, result.original_name) == (Attachment.Kind.RESULT, "ket-qua.pdf")

    ready = _to_result_ready(officers, electronic)
    desk = as_officer(officers[given.DESK])
    page = desk.get(dossier_url(ready)).content.decode()
    assert "Tệp kết quả giải quyết: ket-qua.pdf (đã ký số)." in page and NO_FILE_WARNING not in page
    response = desk.post(action_url(ready, "return"), {"delivery": "electronic", "note": ""})
    assert response.status_code == 302
    assert Dossier.objects.get(pk=ready.pk).status == Status.RETURNED


def test_an_electronic_return_without_a_file_is_warned_of_and_refused(electronic, officers):
    leader = as_officer(officers["leader@department"])
    dossier = given.complete(officers, electronic, "specialist@department", "Thẩm định")
    dossier = given.complete(officers, dossier, "specialist@department", "Xác định nghĩa vụ")
    # the approving leader is told before approving
    assert NO_FILE_WARNING in leader.get(dossier_url(dossier)).content.decode()
    ready = given.complete(officers, dossier, "leader@department", "Phê duyệt", approve=True)

    desk = as_officer(officers[given.DESK])
    page = desk.get(dossier_url(ready)).content.decode()
    assert NO_FILE_WARNING in page  # in the return panel, before the desk tries
    assert '<option value="electronic"' not in page  # no signed result: an electronic return is not offered

    refused = desk.post(action_url(ready, "return"), {"delivery": "electronic", "note": ""})
    assert refused.status_code == 400  # not a choice the form offers (the service refuses it too: tests/dossiers)
    assert Dossier.objects.get(pk=ready.pk).status == Status.RESULT_READY
    assert ready.steps.get(name="Trả kết quả").state == StepState.ACTIVE

    # the desk attaches the result (a result by default now); unsigned, it is still no electronic result
    assert _attach(desk, ready, "ket-qua.pdf", kind="result").status_code == 302
    page = desk.get(dossier_url(ready)).content.decode()
    assert "Tệp kết quả chưa được ký số: chưa trả được bản điện tử" in page
    assert '<option value="electronic"' not in page  # not offered
    refused = desk.post(action_url(ready, "return"), {"delivery": "electronic", "note": ""})
    assert refused.status_code == 400 and Dossier.objects.get(pk=ready.pk).status == Status.RESULT_READY
    # once the result the leader signed with a token is attached, it goes through
    trust_shared()
    signed = SimpleUploadedFile("ket-qua-da-ky.pdf", signed_pdf(), content_type="application/pdf")
    assert desk.post(action_url(ready, "attach"), {"file": signed, "kind": "result"}).status_code == 302
    assert desk.post(action_url(ready, "return"), {"delivery": "electronic", "note": ""}).status_code == 302
    assert Dossier.objects.get(pk=ready.pk).status == Status.RETURNED
