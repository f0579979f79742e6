"""One dossier from the desk's intake form to the returned result, every step through the back-office pages (issue 3,
"must show"), each page answering as the officer sees it and each action leaving its event."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lienthong.dossiers.constants import EventKind, Status, StepState
from lienthong.dossiers.models import Attachment
from tests.backoffice.web_given import PDF, intake_post, latest, signed_in

pytestmark = pytest.mark.django_db


def _act(client, dossier, action: str, **data):
    response = client.post(reverse("backoffice:action", args=[dossier.pk, action]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return client.get(response["Location"])


def _step_id(dossier, name: str) -> int:
    return dossier.steps.get(name=name, state=StepState.ACTIVE).pk


def test_a_dossier_goes_from_desk_intake_to_the_returned_result(province, officers, procedure):
    desk = signed_in(officers, "receiver@commune_centre")
    # given the desk picks the procedure from its list
    listing = desk.get(reverse("backoffice:intake"))
    assert "Đăng ký đất đai lần đầu" in listing.content.decode()
    form_url = reverse("backoffice:intake_form", args=[province["commune_centre"].pk, procedure.pk])
    assert desk.get(form_url).status_code == 200
    # when it receives the dossier with a scan of the application
    first_doc = procedure.documents.get(position=1)
    scan = SimpleUploadedFile("don-dang-ky.pdf", PDF, content_type="application/pdf")
    response = desk.post(form_url, intake_post(procedure, **{f"scan_{first_doc.pk}": scan}))
    dossier = latest()
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:dossier", args=[dossier.pk])
    page = desk.get(response["Location"]).content.decode()
    assert dossier.code in page and "Đã tiếp nhận" in page and "Chuyển xử lý" in page
    assert Attachment.objects.get(dossier=dossier).sha256
    receipt = desk.get(reverse("backoffice:document", args=[dossier.pk, "01", "pdf"]))
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF-")

    # the desk forwards it to the commune's step
    _act(desk, dossier, "forward")
    clerk = signed_in(officers, "specialist@committee")
    assert dossier.code in clerk.get(reverse("backoffice:inbox")).content.decode()
    _act(clerk, dossier, "complete", step=_step_id(dossier, "Xác nhận hiện trạng"), note="Đúng hiện trạng")

    # the department's two parallel steps, then its leader's approval
    expert = signed_in(officers, "specialist@department")
    _act(expert, dossier, "complete", step=_step_id(dossier, "Thẩm định"), note="Đủ điều kiện")
    _act(expert, dossier, "complete", step=_step_id(dossier, "Xác định nghĩa vụ tài chính"), note="Miễn")
    leader = signed_in(officers, "leader@department")
    page = _act(leader, dossier, "approve", step=_step_id(dossier, "Phê duyệt"), note="Đồng ý").content.decode()
    assert "Đã có kết quả" in page

    # then the desk returns the result
    page = _act(desk, dossier, "return", delivery="at_desk", note="").content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED and dossier.returned_at is not None
    assert "Đã trả kết quả" in page
    kinds = list(dossier.events.order_by("seq").values_list("kind", flat=True))
    assert kinds == [
        EventKind.RECEIVED, EventKind.FORWARDED, EventKind.STEP_COMPLETED, EventKind.FORWARDED,
        EventKind.STEP_COMPLETED, EventKind.STEP_COMPLETED, EventKind.FORWARDED, EventKind.APPROVED,
        EventKind.RESULT_READY, EventKind.RETURNED,
    ]  # fmt: skip
    assert dossier.events.get(kind=EventKind.RETURNED).actor == officers["receiver@commune_centre"]
