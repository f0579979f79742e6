import datetime as dt

import pytest

from lienthong.org.constants import Level, UnitKind
from lienthong.org.models import AdministrativeUnit
from lienthong.org.selectors import unit_current_successors
from lienthong.org.services import OrgError, UnitRow, unit_record_succession, units_record_successions, units_upsert

pytestmark = pytest.mark.django_db
MERGER = dt.date(2025, 7, 1)


@pytest.fixture
def units():
    old_from = dt.date(1997, 1, 1)
    rows = [
        UnitRow(Level.PROVINCE, "70", "Tỉnh Bình Phước", UnitKind.PROVINCE, old_from, MERGER),
        UnitRow(
            Level.DISTRICT,
            "741",
            "Huyện Xuân Lộc",
            UnitKind.DISTRICT,
            old_from,
            MERGER,
            (Level.PROVINCE, "70", old_from),
        ),
        UnitRow(
            Level.COMMUNE, "26449", "Xã Xuân Tâm", UnitKind.COMMUNE, old_from, MERGER, (Level.DISTRICT, "741", old_from)
        ),
        UnitRow(Level.PROVINCE, "75", "Tỉnh Đồng Nai", UnitKind.PROVINCE, MERGER),
        UnitRow(Level.COMMUNE, "26359", "Xã Xuân Đông", UnitKind.COMMUNE, MERGER, None, (Level.PROVINCE, "75", MERGER)),
        UnitRow(Level.COMMUNE, "26446", "Xã Xuân Hòa", UnitKind.COMMUNE, MERGER, None, (Level.PROVINCE, "75", MERGER)),
    ]
    result = units_upsert(rows=rows)
    assert result.created == 6
    return {code: unit for (_level, code, _from), unit in result.objects.items()}


def test_a_commune_split_in_two_resolves_to_both_successors(units):
    # when the old commune is linked to the two communes that took over its territory
    created = units_record_successions(links=[(units["26449"], units["26359"]), (units["26449"], units["26446"])])

    # then both answer for it, and recording the links again adds nothing
    assert created == 2
    found = unit_current_successors(unit=units["26449"], on=dt.date(2026, 1, 1))
    assert [u.name for u in found] == ["Xã Xuân Đông", "Xã Xuân Hòa"]
    assert unit_record_succession(old=units["26449"], new=units["26359"]) is False


def test_before_the_merger_a_unit_is_its_own_answer(units):
    unit_record_succession(old=units["70"], new=units["75"])
    assert unit_current_successors(unit=units["70"], on=dt.date(2025, 6, 30)) == [units["70"]]
    assert unit_current_successors(unit=units["70"], on=MERGER) == [units["75"]]


def test_a_unit_still_in_force_cannot_have_successors(units):
    with pytest.raises(OrgError) as error:
        unit_record_succession(old=units["75"], new=units["26359"])
    assert error.value.code == OrgError.UNIT_STILL_IN_FORCE


def test_a_successor_cannot_start_before_its_predecessor_ended(units):
    early = units_upsert(
        rows=[UnitRow(Level.PROVINCE, "99", "Tỉnh Thử", UnitKind.PROVINCE, dt.date(2020, 1, 1))]
    ).objects[(Level.PROVINCE, "99", dt.date(2020, 1, 1))]
    with pytest.raises(OrgError) as error:
        unit_record_succession(old=units["70"], new=early)
    assert error.value.code == OrgError.SUCCESSOR_TOO_EARLY


def test_a_unit_whose_parent_is_unknown_is_refused():
    orphan = UnitRow(Level.COMMUNE, "1", "Xã Mồ Côi", UnitKind.COMMUNE, MERGER, None, (Level.PROVINCE, "00", MERGER))
    with pytest.raises(OrgError) as error:
        units_upsert(rows=[orphan])
    assert error.value.code == OrgError.UNKNOWN_PARENT
    assert not AdministrativeUnit.objects.exists()
