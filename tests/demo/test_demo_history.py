import datetime as dt

import pytest

from lienthong.org.constants import Level
from lienthong.org.models import AdministrativeUnit
from lienthong.org.selectors import unit_current_successors, unit_list_in_force

pytestmark = pytest.mark.django_db
BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2026, 1, 15)


def _old(level: str, code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(level=level, code=code, valid_to=dt.date(2025, 7, 1))


def _codes(units) -> list[str]:
    return [unit.code for unit in units]


def test_old_binh_phuoc_was_in_force_until_the_merger_with_its_districts(demo):
    binh_phuoc = _old(Level.PROVINCE, "70")
    assert binh_phuoc.name == "Tỉnh Bình Phước"
    assert unit_list_in_force(on=BEFORE).filter(pk=binh_phuoc.pk).exists()
    assert not unit_list_in_force(on=AFTER).filter(pk=binh_phuoc.pk).exists()
    districts = unit_list_in_force(on=BEFORE, parent=binh_phuoc)
    assert {d.name for d in districts} == {"Thành phố Đồng Xoài", "Huyện Đồng Phú", "Huyện Bù Đăng"}


def test_both_old_provinces_resolve_to_todays_dong_nai(demo):
    for code in ("70", "75"):
        successors = unit_current_successors(unit=_old(Level.PROVINCE, code), on=AFTER)
        assert [(u.code, u.valid_from) for u in successors] == [("75", dt.date(2025, 7, 1))]


def test_a_former_commune_split_in_two_resolves_to_both(demo):
    xuan_tam = _old(Level.COMMUNE, "26449")
    assert xuan_tam.parent.name == "Huyện Xuân Lộc"
    assert [u.name for u in unit_current_successors(unit=xuan_tam, on=AFTER)] == ["Xã Xuân Đông", "Xã Xuân Hòa"]


def test_a_new_commune_lists_the_former_communes_it_absorbed(demo):
    xuan_hoa = unit_list_in_force(on=AFTER).get(level=Level.COMMUNE, code="26446")
    assert sorted(p.name for p in xuan_hoa.predecessors.filter(level=Level.COMMUNE)) == ["Xã Xuân Hưng", "Xã Xuân Tâm"]


def test_a_gso_code_reused_by_a_new_ward_keeps_both_periods_apart(demo):
    # old Phường Tân Phú (Đồng Xoài) and today's Phường Bình Phước share GSO code 25195
    both = AdministrativeUnit.objects.filter(level=Level.COMMUNE, code="25195").order_by("valid_from")
    assert [u.name for u in both] == ["Phường Tân Phú", "Phường Bình Phước"]
    assert unit_current_successors(unit=both[0], on=AFTER) == [both[1]]


def test_a_former_district_resolves_to_the_communes_that_took_it_over(demo):
    dong_xoai = _old(Level.DISTRICT, "689")
    assert _codes(unit_current_successors(unit=dong_xoai, on=AFTER)) == ["25195", "25210"]
    assert len(unit_current_successors(unit=_old(Level.DISTRICT, "696"), on=AFTER)) == 6
