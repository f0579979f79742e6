"""Issue 13 item 1: fees published as text become data where the text states them plainly — the amount it starts
with, the groups it exempts, the kind from the name — and text we do not recognise is left for an official."""

import pytest

from lienthong.catalogue.constants import FeeKind
from lienthong.catalogue.fees import fee_kind_of, fee_text_parse


@pytest.mark.parametrize(
    ("text", "amount", "groups"),
    [
        ("8.000 đồng/bản sao; miễn cho gia đình người có công với cách mạng, hộ nghèo, người khuyết tật.", 8000,
         ("gia đình người có công với cách mạng", "hộ nghèo", "người khuyết tật")),
        ("200.000 đồng/lần/người.", 200000, ()),
        ("10.000 đồng/trường hợp (chưa đối chiếu).", 10000, ()),
        ("Mức thu do Hội đồng nhân dân tỉnh quy định.", None, ()),
        ("Miễn lệ phí cho hộ nghèo và người cao tuổi.", None, ("hộ nghèo", "người cao tuổi")),
        ("", None, ()),
    ],
)  # fmt: skip
def test_the_amount_and_the_exempt_groups_are_read_from_the_text(text, amount, groups):
    assert fee_text_parse(text) == (amount, groups)


def test_the_kind_follows_the_name():
    assert fee_kind_of("Phí cung cấp thông tin lý lịch tư pháp") == FeeKind.FEE
    assert fee_kind_of("Lệ phí cấp giấy phép xây dựng") == FeeKind.CHARGE
    assert fee_kind_of("  phí thẩm định") == FeeKind.FEE
