"""Issue 11 item 8: the complaint form's concerned agency is found by typing part of its name — without JavaScript
("Tìm" narrows the same form, keeping what was typed) and as the picker's script asks — not picked from a select of
the province's three hundred agencies; the agency chosen is the one the complaint concerns."""

import pytest
from django.core.cache import cache

from lienthong.complaints.models import Complaint
from lienthong.org.constants import AgencyKind, Level
from lienthong.org.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_agencies(province):
    """Three hundred agencies, as a province has after the 2025 reform."""
    Agency.objects.bulk_create(
        Agency(
            identifier_code=f"001.{n:03d}.99.H19",
            name=f"UBND xã Số {n}",
            kind=AgencyKind.PEOPLES_COMMITTEE,
            level=Level.COMMUNE,
            unit=province["commune"],
        )  # fmt: skip
        for n in range(300)
    )


FORM = {"kind": "reflection", "sender_name": "Trần Thị Lan", "sender_phone": "0987654321", "title": "Trả kết quả chậm",
        "content": "Hồ sơ quá hẹn."}  # fmt: skip


def test_the_form_carries_no_select_of_every_agency(client, many_agencies):
    page = client.get("/phan-anh-kien-nghi/gui/").content.decode()
    assert "<select" not in page and page.count('name="agency"') == 1  # the "none" choice only
    assert 'name="agency_q"' in page and 'src="/static/portal/picker.js"' in page
    assert len(page.encode()) < 20_000


def test_typing_and_tim_narrows_the_same_form_keeping_what_was_typed(client, province, many_agencies):
    response = client.post("/phan-anh-kien-nghi/gui/", {**FORM, "action": "find-agency", "agency_q": "tran bien ubnd"})

    page = response.content.decode()
    assert response.status_code == 200 and not Complaint.objects.exists()
    assert f'value="{province["committee"].pk}"> <span lang="vi">UBND phường Trấn Biên</span>' in page
    assert 'value="Trả kết quả chậm"' in page and "field-error" not in page

    sent = client.post("/phan-anh-kien-nghi/gui/", {**FORM, "agency": str(province["committee"].pk)})
    assert sent.status_code == 302
    assert Complaint.objects.get().concerned_agency == province["committee"]


def test_many_matches_ask_for_another_word_and_the_script_gets_the_same_choices(client, many_agencies):
    cache.clear()
    fragment = client.get("/phan-anh-kien-nghi/gui/co-quan/", {"q": "xa so"}).content.decode()
    assert "<html" not in fragment and fragment.count('type="radio"') == 1 + 8  # "none" and a phone screen
    assert "Còn 292 nơi khác khớp: gõ thêm để thu hẹp." in fragment
    assert "UBND xã Số 12<" in client.get("/phan-anh-kien-nghi/gui/co-quan/", {"q": "so 12"}).content.decode()
