"""When the dossier waits for the applicant, the page says what to bring or pay; when it is refused, why."""

import pytest

from tests.portal.track_given import (  # noqa: F401
    PHONE_DIGITS,
    fresh_counters_fixture,
    given_fixture,
    look_up,
    look_up_json,
    text,
)

pytestmark = pytest.mark.django_db


def test_a_supplement_request_lists_each_missing_document_and_where_to_bring_them(client, given):
    dossier = given.supplement_requested()

    page = text(look_up(client, dossier.code, PHONE_DIGITS))

    assert "Hồ sơ cần được bổ sung, hoàn thiện. Vui lòng nộp những giấy tờ nêu dưới đây tại TTPVHCC phường" in page
    assert "Giấy tờ cần bổ sung, hoàn thiện Bản sao sổ hộ khẩu Sơ đồ thửa đất có xác nhận của UBND phường" in page
    assert "Bổ sung trước ngày 27/02" in page or "Bổ sung trước ngày 27/2." in page
    assert "Thời hạn giải quyết tạm dừng trong khi chờ người nộp" in page
    assert "10:00 13/02/2026 Hồ sơ được tiếp nhận." in page and "Cơ quan yêu cầu bổ sung, hoàn thiện hồ sơ." in page


def test_a_financial_obligation_lists_the_items_and_amounts(client, given):
    dossier = given.fees_notified()

    page = text(look_up(client, dossier.code, PHONE_DIGITS))

    assert "Vui lòng nộp các khoản phí, lệ phí, thuế nêu dưới đây để hồ sơ được tiếp tục giải quyết." in page
    assert "Lệ phí trước bạ 1.500.000" in page
    assert "Phí thẩm định 250.000" in page
    assert "Tổng cộng 1.750.000" in page
    assert "Nộp tại Kho bạc Nhà nước." in page

    body = look_up_json(client, dossier.code, PHONE_DIGITS).json()
    assert body["fees"] == [
        {"name": "Lệ phí trước bạ", "amount": 1_500_000},
        {"name": "Phí thẩm định", "amount": 250_000},
    ]
    assert (body["fees_total"], body["national_status"], body["clock_paused"]) == (1_750_000, 6, True)


def test_a_refusal_gives_its_reason_and_no_place_to_collect(client, given):
    dossier = given.refused()

    page = text(look_up(client, dossier.code, PHONE_DIGITS))

    assert "Hồ sơ không được giải quyết. Lý do: Thửa đất đang có tranh chấp." in page
    assert "Nơi nhận kết quả" not in page
    assert "Đang trong thời hạn" not in page
