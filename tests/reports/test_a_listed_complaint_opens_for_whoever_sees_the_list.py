"""The list of complaints behind a PAKN figure and the complaint's own page read one rule
(`complaints.access.complaints_visible`): whoever sees a complaint listed opens it, and a complaint outside the
officer's unit is neither listed nor opened.

The commune's people's committee answers, in the index, for every agency of the commune: its chairman's list of the
commune's complaints holds those its public service centre handles. Before, the list showed them and the complaint's
page — which read only the committee's own complaints — answered 404."""

import re

import pytest
import time_machine

from lienthong.complaints.constants import Kind
from lienthong.complaints.services import Sender, complaint_accept, complaint_answer, complaint_submit
from tests.reports.conftest import at

pytestmark = pytest.mark.django_db
LAN = Sender(name="Trần Thị Lan", phone="0987654321")
LIST = "/backoffice/chi-so/phan-anh/"
ROW = re.compile(r'<a href="(/backoffice/pakn/[0-9]+/)">')


def _handled_by(province, officers, key: str, title: str):
    """A complaint handled by `province[key]`, accepted on 2 March and answered on the 6th."""
    with time_machine.travel(at(2, 9), tick=False):
        complaint = complaint_submit(kind=Kind.REFLECTION, sender=LAN, title=title, content="…",
                                     concerned_agency=province[key], at=at(2, 9))  # fmt: skip
        complaint_accept(complaint=complaint, officer=officers[f"leader@{key}"], at=at(2, 9))
    with time_machine.travel(at(6, 9), tick=False):
        complaint_answer(complaint=complaint, officer=officers[f"leader@{key}"], answer="Đã xử lý.", at=at(6, 9))
    return complaint


def _get(client, url: str):
    with time_machine.travel(at(2, 9, month=4), tick=False):
        return client.get(url)


def test_the_communes_chairman_opens_every_complaint_the_communes_list_shows(client, officers, province):
    at_the_centre = _handled_by(province, officers, "commune_centre", "Trả kết quả chậm")
    at_the_committee = _handled_by(province, officers, "committee", "Cán bộ không hướng dẫn")
    client.force_login(officers["leader@committee"])

    listed = _get(client, f"{LIST}?ky=2026-03&don_vi={province['committee'].pk}")
    links = ROW.findall(listed.content.decode())

    assert listed.status_code == 200
    assert sorted(links) == sorted(f"/backoffice/pakn/{c.pk}/" for c in (at_the_centre, at_the_committee))
    for link in links:
        page = _get(client, link)
        assert page.status_code == 200, link  # the centre's complaint answered 404 before
        assert "Trần Thị Lan" in page.content.decode()


def test_a_complaint_outside_the_chairmans_commune_is_neither_listed_nor_opened(client, officers, province):
    elsewhere = _handled_by(province, officers, "department", "Hồ sơ đất đai")
    client.force_login(officers["leader@committee"])

    own = _get(client, f"{LIST}?ky=2026-03&don_vi={province['committee'].pk}")
    departments = _get(client, f"{LIST}?ky=2026-03&don_vi={province['department'].pk}")

    assert ROW.findall(own.content.decode()) == []
    assert departments.status_code == 403
    assert _get(client, f"/backoffice/pakn/{elsewhere.pk}/").status_code == 404


def test_an_officer_the_complaints_pages_are_not_for_is_not_shown_their_list(client, officers, province):
    _handled_by(province, officers, "commune_centre", "Trả kết quả chậm")
    client.force_login(officers["administrator@centre"])  # sees the dashboard; handles and reads no complaint

    listed = _get(client, f"{LIST}?ky=2026-03")

    assert listed.status_code == 403
    assert "dành cho cán bộ Bộ phận Một cửa, chuyên viên, lãnh đạo và cán bộ giám sát" in listed.content.decode()
