import datetime as dt

import pytest

from lienthong.org.constants import Level, UnitKind
from lienthong.org.models import AdministrativeUnit
from lienthong.org.services import units_import_from_package

pytestmark = pytest.mark.django_db
JULY_2025 = dt.date(2025, 7, 1)


def test_one_province_is_loaded_with_its_communes_and_their_kinds():
    # when Đồng Nai alone is imported
    written = units_import_from_package(province_codes=[75])

    # then the province and its 95 communes exist from 1/7/2025, with GSO codes padded to their level's width
    assert written == 96
    province = AdministrativeUnit.objects.get(level=Level.PROVINCE)
    assert (province.code, province.name, province.kind) == ("75", "Tỉnh Đồng Nai", UnitKind.PROVINCE)
    assert (province.valid_from, province.valid_to, province.parent) == (JULY_2025, None, None)
    communes = AdministrativeUnit.objects.filter(level=Level.COMMUNE)
    assert communes.count() == 95 and set(communes.values_list("parent", flat=True)) == {province.pk}
    assert set(communes.values_list("kind", flat=True)) == {UnitKind.COMMUNE, UnitKind.WARD}
    ward = communes.get(code="26068")
    assert (ward.name, ward.name_folded) == ("Phường Biên Hòa", "phuong bien hoa")


def test_the_whole_country_loads_and_a_second_import_writes_nothing():
    assert units_import_from_package() == 34 + 3321
    provinces = AdministrativeUnit.objects.filter(level=Level.PROVINCE)
    assert provinces.filter(kind=UnitKind.CITY).get(code="01").name == "Thành phố Hà Nội"
    assert AdministrativeUnit.objects.filter(kind=UnitKind.SPECIAL_ZONE).count() == 13
    assert AdministrativeUnit.objects.get(code="00004").parent.code == "01"

    assert units_import_from_package() == 0


def test_a_unit_edited_by_hand_is_set_back_to_the_package_data():
    units_import_from_package(province_codes=[75])
    AdministrativeUnit.objects.filter(code="26068").update(name="Phường Biên Hoà (sai)", name_folded="x")

    assert units_import_from_package(province_codes=[75]) == 1
    assert AdministrativeUnit.objects.get(code="26068").name_folded == "phuong bien hoa"


def test_another_effective_date_makes_a_separate_period_of_the_same_codes():
    units_import_from_package(province_codes=[75])
    units_import_from_package(province_codes=[75], valid_from=dt.date(2027, 1, 1))
    assert AdministrativeUnit.objects.filter(level=Level.PROVINCE, code="75").count() == 2
