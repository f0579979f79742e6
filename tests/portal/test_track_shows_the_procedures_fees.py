"""Issue 11 item 4: the tracking page and "Hồ sơ của tôi" show what the procedure costs, worded as on its public page
(an amount no official confirmed says so; officials' notes never show), besides any obligation the desk notified."""

import pytest

from lienthong.catalogue.models import Fee
from tests.portal.track_given import PHONE_DIGITS, fresh_counters_fixture, given_fixture, look_up, text  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def fees(procedure):
    Fee.objects.create(version=procedure, name="Lệ phí cấp giấy chứng nhận", amount=100000, verified=True,
                       internal_note="Đối chiếu NQ 12/2025/NQ-HĐND.")  # fmt: skip
    Fee.objects.create(version=procedure, name="Phí thẩm định hồ sơ", amount=None, verified=False,
                       description="Mức thu do Hội đồng nhân dân tỉnh quy định.",
                       internal_note="Chưa đối chiếu.")  # fmt: skip


def test_the_tracking_page_names_the_procedures_fees(client, given, fees):
    dossier = given.received()

    page = text(look_up(client, dossier.code, PHONE_DIGITS))

    assert "Phí, lệ phí theo quy định" in page
    assert "Lệ phí cấp giấy chứng nhận : 100.000 đồng" in page
    assert ("Phí thẩm định hồ sơ Mức thu do Hội đồng nhân dân tỉnh quy định. Số tiền phải nộp được thông báo khi "
            "tiếp nhận hồ sơ.") in page  # fmt: skip
    assert "NQ 12/2025" not in page and "Chưa đối chiếu" not in page


def test_a_refused_dossier_owes_nothing(client, given, fees):
    dossier = given.refused()
    assert "Phí, lệ phí theo quy định" not in text(look_up(client, dossier.code, PHONE_DIGITS))
