"""Decision 766 counts a dossier to the unit competent to decide it, not to the one-stop desk that received it
(`reports.units`): a department's office rolls up to the department, a commune's desk to the commune's committee, a
commune police station to the province's police; the province's list is its departments and its communes."""

from lienthong.org.constants import AgencyKind, Level
from lienthong.reports.units import AgencyTree, UnitKind, _Agency

PC, DEPT, CENTRE, SECTOR, OTHER = (
    AgencyKind.PEOPLES_COMMITTEE, AgencyKind.DEPARTMENT, AgencyKind.SERVICE_CENTRE, AgencyKind.SECTOR_AGENCY,
    AgencyKind.OTHER,
)  # fmt: skip
P, C = Level.PROVINCE, Level.COMMUNE
AGENCIES = [
    _Agency(1, PC, P, None, 100, "UBND tỉnh", "T"),
    _Agency(2, SECTOR, P, None, 100, "Công an tỉnh", "CA"),
    _Agency(3, DEPT, P, 1, 100, "Sở Tư pháp", "STP"),
    _Agency(4, OTHER, P, 5, 100, "Văn phòng Đăng ký đất đai", "VPDK"),
    _Agency(5, DEPT, P, 1, 100, "Sở Nông nghiệp và Môi trường", "SNN"),
    _Agency(6, CENTRE, P, 1, 100, "Trung tâm Phục vụ HCC tỉnh", "TTT"),
    _Agency(10, PC, C, 1, 200, "UBND xã An", "XA"),
    _Agency(11, CENTRE, C, 10, 200, "Trung tâm Phục vụ HCC xã An", "TTXA"),
    _Agency(12, SECTOR, C, 2, 200, "Công an xã An", "CAXA"),
    _Agency(20, PC, C, 1, 300, "UBND phường Bình", "PB"),
]


def test_an_agency_counts_to_its_department_its_commune_or_its_sector():
    tree = AgencyTree(AGENCIES)

    assert tree.unit_of(4) == 5  # the land office to its department
    assert tree.unit_of(11) == 10  # the commune's desk to the commune
    assert tree.unit_of(12) == 2  # the commune police station to the province's police
    assert tree.unit_of(3) == 3
    assert tree.unit_of(6) == 6  # the province's desk is its own unit (dossiers with no competent authority)
    assert tree.unit_of(1) == 1
    assert tree.unit_of(999) == 999  # an agency removed since: its dossiers are not lost, they count to it


def test_the_province_is_every_agency_then_its_departments_then_its_communes_by_name():
    units = AgencyTree(AGENCIES).scored_units()

    assert [u.kind for u in units] == [UnitKind.PROVINCE] + [UnitKind.DEPARTMENT] * 4 + [UnitKind.COMMUNE] * 2
    by_id = {u.id: u for u in units}
    assert by_id[1].agency_ids == frozenset(a.id for a in AGENCIES)
    assert by_id[5].agency_ids == {4, 5}
    assert by_id[10].agency_ids == {10, 11}
    assert by_id[2].agency_ids == {2, 12}
    assert [u.name for u in units if u.kind == UnitKind.COMMUNE] == ["UBND phường Bình", "UBND xã An"]
    # by name as Vietnamese reads it (diacritics folded): "Nông" before "Tư"
    assert [u.name for u in units if u.kind == UnitKind.DEPARTMENT] == [
        "Công an tỉnh",
        "Sở Nông nghiệp và Môi trường",
        "Sở Tư pháp",
        "Trung tâm Phục vụ HCC tỉnh",
    ]
