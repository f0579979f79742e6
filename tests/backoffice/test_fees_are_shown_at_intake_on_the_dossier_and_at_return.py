"""Issue 11, point 4, in the back office: the procedure version's fees are shown at the desk's intake, on the dossier
page and in the return panel — amounts written the Vietnamese way, exemptions shown, reviewers' notes left out, an
unchecked amount flagged for the officer — and a financial obligation notified is shown with whether it was paid."""

import html
import re

import pytest
from django.urls import reverse

from lienthong.catalogue.models import Fee
from lienthong.dossiers import services
from tests.backoffice import scope_given as given
from tests.backoffice.scope_given import as_officer, dossier_url

pytestmark = pytest.mark.django_db
UNCHECKED = "Mức thu chưa xác nhận"


@pytest.fixture
def fees(procedure):
    Fee.objects.create(version=procedure, name="Lệ phí cấp Giấy chứng nhận", amount=25000, verified=True,
                       description="Miễn cho hộ nghèo.")  # fmt: skip
    Fee.objects.create(version=procedure, name="Phí thẩm định hồ sơ", amount=1500000, verified=False,
                       description="Theo diện tích thửa đất; chưa đối chiếu.")  # fmt: skip


def _text(response) -> str:
    assert response.status_code == 200
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _check_fees(page: str) -> None:
    assert "Lệ phí cấp Giấy chứng nhận : 25.000 đồng Miễn cho hộ nghèo." in page
    assert f"Phí thẩm định hồ sơ : 1.500.000 đồng {UNCHECKED} Theo diện tích thửa đất." in page
    assert "đối chiếu" not in page  # the reviewers' note is not shown


def test_the_desk_sees_the_fees_at_intake_and_on_the_dossier(province, officers, procedure, fees):
    desk = as_officer(officers[given.DESK])
    intake = reverse("backoffice:intake_form", args=[province["commune_centre"].pk, procedure.pk])
    _check_fees(_text(desk.get(intake)))
    _check_fees(_text(desk.get(dossier_url(given.receive(province, officers, procedure)))))


def test_the_return_panel_shows_the_fees_and_the_obligation_paid(province, officers, procedure, fees):
    dossier = given.at_approval(province, officers, procedure)
    services.dossier_request_financial_obligation(officer=officers["leader@department"], dossier=dossier,
                                                  items=[{"name": "Lệ phí trước bạ", "amount": 1200000}])  # fmt: skip
    services.dossier_financial_obligation_met(officer=officers["leader@department"], dossier=dossier,
                                              receipt_reference="BL-0042")  # fmt: skip
    dossier = given.complete(officers, dossier, "leader@department", "Phê duyệt", approve=True)

    page = _text(as_officer(officers[given.DESK]).get(dossier_url(dossier)))

    assert "Nghĩa vụ tài chính 1.200.000 đồng · đã nộp (BL-0042)" in page
    assert (
        "Phí, lệ phí của thủ tục: Lệ phí cấp Giấy chứng nhận: 25.000 đồng; Phí thẩm định hồ sơ: 1.500.000 đồng." in page
    )
    assert "Nghĩa vụ tài chính: 1.200.000 đồng, đã nộp." in page


def test_the_obligation_form_starts_from_the_procedures_fees(province, officers, procedure, fees):
    dossier = given.forwarded(province, officers, procedure)
    page = as_officer(officers["specialist@committee"]).get(dossier_url(dossier)).content.decode()
    assert "Lệ phí cấp Giấy chứng nhận | 25000\nPhí thẩm định hồ sơ | 1500000</textarea>" in html.unescape(page)
