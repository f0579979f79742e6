"""Issue 11, point 4: the receipt (Mẫu 01) prints the procedure version's fees the way a desk writes money, with the
exemptions and without the catalogue reviewers' notes; an amount nobody checked against the legal text is printed as
expected ("dự kiến"), not as settled — and the receipt still fits its one A5 page."""

import pytest

from lienthong.catalogue.models import Fee
from lienthong.dossiers.documents import document_pdf
from tests.dossiers.test_documents_given import Desk, pdf_page_sizes_mm, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(province, officers, procedure, applicant, form_data, documents):
    Fee.objects.create(version=procedure, name="Lệ phí cấp Giấy chứng nhận", amount=25000, verified=True,
                       description="Miễn cho hộ nghèo (Nghị quyết 12/2020/NQ-HĐND).")  # fmt: skip
    Fee.objects.create(version=procedure, name="Phí thẩm định hồ sơ", amount=1500000, verified=False,
                       description="1.500.000 đồng/hồ sơ (nguồn thứ cấp, chưa đối chiếu).")  # fmt: skip
    return Desk(province, officers, procedure, applicant, form_data, documents)


def test_the_receipt_prints_the_fees_cleanly(desk):
    pdf = document_pdf(dossier=desk.receive(), kind="01")
    text = pdf_text(pdf)

    assert pdf_page_sizes_mm(pdf) == [(148, 210)]
    assert (
        "7. Phí, lệ phí: Lệ phí cấp Giấy chứng nhận: 25.000 đồng (Miễn cho hộ nghèo (Nghị quyết 12/2020/NQ-HĐND)); "
        "Phí thẩm định hồ sơ: 1.500.000 đồng (dự kiến) (1.500.000 đồng/hồ sơ)."
    ) in text
    assert "đối chiếu" not in text and "nguồn thứ cấp" not in text
