"""Issue 11 item 4: the procedure page shows fees as a citizen needs them — the amount, the public description, and
for an amount no official has confirmed yet, a plain caveat instead of a figure presented as settled. Officials'
internal notes ("chưa đối chiếu", where a value came from) never reach the page."""

import pytest

from lienthong.catalogue.models import Fee
from tests.portal.find_given import PERMIT, catalogue, text_of  # noqa: F401

pytestmark = pytest.mark.django_db
CAVEAT = (
    "Mức thu tham khảo, chưa được cơ quan có thẩm quyền xác nhận; số tiền phải nộp được thông báo khi tiếp nhận hồ sơ."
)


def test_an_unconfirmed_fee_is_shown_as_a_reference_amount_without_the_officials_note(client, catalogue):  # noqa: F811
    permit = catalogue["permit"]
    Fee.objects.filter(version=permit).delete()
    Fee.objects.create(version=permit, name="Lệ phí cấp giấy phép xây dựng", amount=150000,
                       description="Nhà ở riêng lẻ.", verified=False,
                       internal_note="Nguồn thứ cấp, chưa đối chiếu.")  # fmt: skip
    Fee.objects.create(version=permit, name="Phí thẩm định", amount=None,
                       description="Mức thu do Hội đồng nhân dân tỉnh quy định.", verified=False,
                       internal_note="Chưa đối chiếu.")  # fmt: skip

    text = text_of(client.get(f"/thu-tuc/{PERMIT}/"))

    assert "Lệ phí cấp giấy phép xây dựng : 150.000 đ Lệ phí · khi tiếp nhận hồ sơ Nhà ở riêng lẻ. " + CAVEAT in text
    assert (
        "Phí thẩm định Lệ phí · khi tiếp nhận hồ sơ Mức thu do Hội đồng nhân dân tỉnh quy định. "
        "Số tiền phải nộp được thông báo khi tiếp nhận" in text
    )
    assert "đối chiếu" not in text and "Nguồn thứ cấp" not in text


def test_a_confirmed_fee_is_shown_plainly(client, catalogue):  # noqa: F811
    Fee.objects.filter(version=catalogue["permit"]).update(verified=True, internal_note="Đã đối chiếu NQ 12/2025.")
    text = text_of(client.get(f"/thu-tuc/{PERMIT}/"))
    assert "Lệ phí cấp giấy phép xây dựng : 150.000 đ" in text
    assert "tham khảo" not in text and "NQ 12/2025" not in text


def test_the_versions_internal_note_stays_inside_and_an_unchecked_time_limit_says_so(client, catalogue):  # noqa: F811
    permit = catalogue["permit"]
    permit.internal_note = "Thời hạn chưa đối chiếu (domain-vn §5: [U])."
    permit.save(update_fields=["internal_note"])

    text = text_of(client.get(f"/thu-tuc/{PERMIT}/"))

    assert "domain-vn" not in text and "chưa đối chiếu" not in text
    assert "Thời hạn đang được cơ quan rà soát; ngày hẹn trả chính thức ghi trên Giấy tiếp nhận" in text
    permit.time_limit_verified = True
    permit.save(update_fields=["time_limit_verified"])
    assert "đang được cơ quan rà soát" not in text_of(client.get(f"/thu-tuc/{PERMIT}/"))


def test_a_structured_fee_shows_its_kind_moment_collector_and_exempt_groups(client, catalogue):  # noqa: F811
    from lienthong.catalogue.constants import FeeDue, FeeKind
    from lienthong.org.models import Agency

    permit = catalogue["permit"]
    Fee.objects.filter(version=permit).delete()
    collector = Agency.objects.order_by("id").first()
    Fee.objects.create(version=permit, name="Phí thẩm định thiết kế", amount=50000, kind=FeeKind.FEE,
                       due=FeeDue.AT_RESULT, collecting_agency=collector, verified=True,
                       exempt_groups="Hộ nghèo\nNgười khuyết tật\n")  # fmt: skip

    text = text_of(client.get(f"/thu-tuc/{PERMIT}/"))

    assert (
        f"Phí thẩm định thiết kế : 50.000 đ Phí · khi trả kết quả · cơ quan thu: {collector.name} "
        "Miễn, giảm cho: Hộ nghèo; Người khuyết tật"
    ) in text
    assert "tham khảo" not in text
