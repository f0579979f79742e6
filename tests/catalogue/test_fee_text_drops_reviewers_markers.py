"""Issue 11, point 4: a fee's description is shown at the desk and printed on the receipt without the reviewers'
working notes ("chưa đối chiếu", "nguồn thứ cấp") — `Fee.verified` records that — and amounts read the Vietnamese
way. The cases are the demo catalogue's own descriptions."""

import pytest

from lienthong.catalogue.fees import fee_note_clean, vnd

CASES = [
    ("Miễn lệ phí đăng ký khai sinh đúng hạn (điểm b khoản 1 Điều 11 Luật Hộ tịch).",
     "Miễn lệ phí đăng ký khai sinh đúng hạn (điểm b khoản 1 Điều 11 Luật Hộ tịch)."),
    ("Mức thu do Hội đồng nhân dân tỉnh quy định; chưa đối chiếu.", "Mức thu do Hội đồng nhân dân tỉnh quy định."),
    ("8.000 đồng/bản sao; miễn cho gia đình người có công với cách mạng, hộ nghèo, người khuyết tật (nguồn thứ cấp, "
     "chưa đối chiếu).",
     "8.000 đồng/bản sao; miễn cho gia đình người có công với cách mạng, hộ nghèo, người khuyết tật."),
    ("2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang; tối đa 200.000 đồng/bản (Thông tư 226/2016/TT-BTC; "
     "chưa đối chiếu).",
     "2.000 đồng/trang; từ trang thứ ba trở lên 1.000 đồng/trang; tối đa 200.000 đồng/bản (Thông tư 226/2016/TT-BTC)."),
    ("10.000 đồng/trường hợp (chưa đối chiếu).", "10.000 đồng/trường hợp."),
    ("Chưa đối chiếu.", ""),
    ("Không thu lệ phí (chưa đối chiếu).", "Không thu lệ phí."),
    ("200.000 đồng/lần/người. Chưa đối chiếu.", "200.000 đồng/lần/người."),
    ("", ""),
]  # fmt: skip


@pytest.mark.parametrize(("description", "shown"), CASES)
def test_the_description_keeps_what_an_applicant_needs_and_drops_reviewers_markers(description, shown):
    assert fee_note_clean(description) == shown


@pytest.mark.parametrize(("amount", "text"), [(0, "0 đồng"), (8000, "8.000 đồng"), (1500000, "1.500.000 đồng")])
def test_amounts_are_grouped_with_dots(amount, text):
    assert vnd(amount) == text
