import datetime as dt

import pytest

from lienthong.org.constants import AgencyKind, Level, UnitKind
from lienthong.org.models import AdministrativeUnit, HeadAssignment
from lienthong.org.selectors import agency_head_on
from lienthong.org.services import OrgError, agency_create, head_assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    province = AdministrativeUnit.objects.create(
        code="75", name="Tỉnh Đồng Nai", level=Level.PROVINCE, kind=UnitKind.PROVINCE, valid_from=dt.date(2025, 7, 1)
    )
    return agency_create(
        identifier_code="000.00.06.H19",
        name="Sở Xây dựng tỉnh Đồng Nai",
        kind=AgencyKind.DEPARTMENT,
        level=Level.PROVINCE,
        unit=province,
    )


def test_a_new_head_closes_the_predecessors_term_the_day_before(agency):
    # given a head in office
    first = head_assign(agency=agency, full_name="Bùi Đức Thắng", title="Giám đốc", starts_on=dt.date(2025, 7, 1))

    # when a successor is appointed
    second = head_assign(
        agency=agency, full_name="Ngô Quang Việt", title="Giám đốc", starts_on=dt.date(2026, 3, 1), decision="QĐ 1/2026"
    )

    # then exactly one person is accountable on each day
    first.refresh_from_db()
    assert first.ends_on == dt.date(2026, 2, 28)
    assert second.ends_on is None and second.decision == "QĐ 1/2026"
    assert agency_head_on(agency=agency, on=dt.date(2026, 2, 28)) == first
    assert agency_head_on(agency=agency, on=dt.date(2026, 3, 1)) == second


def test_a_term_that_already_ended_is_left_as_it_was(agency):
    ended = head_assign(
        agency=agency,
        full_name="Bùi Đức Thắng",
        title="Giám đốc",
        starts_on=dt.date(2025, 7, 1),
        ends_on=dt.date(2025, 9, 30),
    )
    acting = head_assign(
        agency=agency,
        full_name="Ngô Quang Việt",
        title="Phó Giám đốc phụ trách",
        starts_on=dt.date(2025, 10, 15),
        is_acting=True,
    )
    ended.refresh_from_db()
    assert ended.ends_on == dt.date(2025, 9, 30)
    assert agency_head_on(agency=agency, on=dt.date(2025, 10, 1)) is None
    assert agency_head_on(agency=agency, on=dt.date(2025, 10, 15)) == acting


def test_a_term_cannot_start_before_the_current_heads(agency):
    head_assign(agency=agency, full_name="Bùi Đức Thắng", title="Giám đốc", starts_on=dt.date(2025, 7, 1))
    with pytest.raises(OrgError) as error:
        head_assign(agency=agency, full_name="Ngô Quang Việt", title="Giám đốc", starts_on=dt.date(2025, 7, 1))
    assert error.value.code == OrgError.TERM_BEFORE_CURRENT
    assert HeadAssignment.objects.count() == 1
