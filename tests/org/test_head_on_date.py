import datetime as dt

import pytest

from lienthong.org.constants import AgencyKind, Level, UnitKind
from lienthong.org.models import AdministrativeUnit, Agency, HeadAssignment
from lienthong.org.selectors import agency_head_on, agency_list_with_head_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    province = AdministrativeUnit.objects.create(
        code="75", name="Tỉnh Đồng Nai", level=Level.PROVINCE, kind=UnitKind.PROVINCE, valid_from=dt.date(2025, 7, 1)
    )
    return Agency.objects.create(
        identifier_code="000.00.01.H19",
        name="Sở Tư pháp",
        kind=AgencyKind.DEPARTMENT,
        level=Level.PROVINCE,
        unit=province,
    )


def test_head_on_date_is_the_term_covering_that_date_and_none_when_vacant(agency):
    # given two terms with a vacancy between them
    HeadAssignment.objects.create(
        agency=agency,
        full_name="Nguyễn Văn A",
        title="Giám đốc",
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2024, 12, 31),
    )
    HeadAssignment.objects.create(
        agency=agency, full_name="Trần Thị B", title="Giám đốc", starts_on=dt.date(2025, 3, 1)
    )

    # then each date answers with the person in office, or nobody during the vacancy
    assert agency_head_on(agency=agency, on=dt.date(2024, 12, 31)).full_name == "Nguyễn Văn A"
    assert agency_head_on(agency=agency, on=dt.date(2025, 1, 15)) is None
    assert agency_head_on(agency=agency, on=dt.date(2025, 3, 1)).full_name == "Trần Thị B"
    assert agency_head_on(agency=agency, on=dt.date(2026, 11, 26)).full_name == "Trần Thị B"
    assert agency_head_on(agency=agency, on=dt.date(2019, 12, 31)) is None


def test_an_acting_head_appointed_during_a_term_takes_precedence_from_their_start(agency):
    HeadAssignment.objects.create(
        agency=agency, full_name="Nguyễn Văn A", title="Giám đốc", starts_on=dt.date(2020, 1, 1)
    )
    HeadAssignment.objects.create(
        agency=agency,
        full_name="Lê Văn C",
        title="Phó Giám đốc phụ trách",
        is_acting=True,
        starts_on=dt.date(2026, 6, 1),
    )

    assert agency_head_on(agency=agency, on=dt.date(2026, 5, 31)).full_name == "Nguyễn Văn A"
    assert agency_head_on(agency=agency, on=dt.date(2026, 6, 1)).full_name == "Lê Văn C"


def test_the_agency_list_names_each_head_on_a_date_in_one_query(agency, django_assert_num_queries):
    # given a second agency without a head, and a head for the first
    other = Agency.objects.create(
        identifier_code="000.00.02.H19",
        name="Sở Y tế",
        kind=AgencyKind.DEPARTMENT,
        level=Level.PROVINCE,
        unit=agency.unit,
    )
    HeadAssignment.objects.create(
        agency=agency, full_name="Trần Thị B", title="Giám đốc", starts_on=dt.date(2025, 3, 1)
    )

    # when the list is read, then one query answers for every row
    with django_assert_num_queries(1):
        rows = {a.pk: (a.head_name_on, a.head_title_on) for a in agency_list_with_head_on(on=dt.date(2026, 1, 1))}
    assert rows == {agency.pk: ("Trần Thị B", "Giám đốc"), other.pk: (None, None)}
