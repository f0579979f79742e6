import datetime as dt

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator

from lienthong.catalogue.models import ProcedureVersion
from lienthong.catalogue.validation import check_form_schema
from lienthong.org.constants import AgencyKind, Level, UnitKind
from lienthong.org.models import AdministrativeUnit, Agency
from lienthong.org.selectors import unit_list_in_force
from lienthong.readiness.constants import Source as SurveySource
from lienthong.readiness.models import SurveyPeriod, SurveyRecord, VillageRecord
from lienthong.readiness.selectors import readiness_rows
from lienthong.roadmaps.constants import ItemKind, ItemStatus, Source
from lienthong.roadmaps.escalation import escalations_send
from lienthong.roadmaps.models import ItemEscalation, Plan, RoadmapItem

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 15)


def _dong_nai() -> AdministrativeUnit:
    return unit_list_in_force(on=TODAY).get(level=Level.PROVINCE, code="75")


def test_the_whole_country_in_force_since_july_2025_is_loaded(demo):
    in_force = unit_list_in_force(on=TODAY)
    assert in_force.filter(level=Level.PROVINCE).count() == 34
    assert in_force.filter(level=Level.COMMUNE).count() == 3321
    assert in_force.filter(level=Level.DISTRICT).count() == 0  # the district level ended on 1/7/2025
    assert in_force.filter(kind=UnitKind.SPECIAL_ZONE).count() == 13
    assert in_force.filter(level=Level.PROVINCE, kind=UnitKind.CITY).count() == 6


def test_dong_nai_has_its_95_communes_and_folded_names(demo):
    dong_nai = _dong_nai()
    assert dong_nai.name == "Tỉnh Đồng Nai"
    communes = unit_list_in_force(on=TODAY, parent=dong_nai)
    assert communes.count() == 95
    bien_hoa = communes.get(code="26068")
    assert (bien_hoa.name, bien_hoa.kind, bien_hoa.name_folded) == ("Phường Biên Hòa", UnitKind.WARD, "phuong bien hoa")


def test_provincial_agencies_and_three_agencies_per_commune(demo):
    provincial = Agency.objects.filter(level=Level.PROVINCE)
    assert provincial.count() >= 20
    assert provincial.filter(kind=AgencyKind.SERVICE_CENTRE).count() == 1
    names = set(provincial.values_list("name", flat=True))
    assert {"Sở Tài chính tỉnh Đồng Nai", "Sở Tư pháp tỉnh Đồng Nai", "Công an tỉnh Đồng Nai"} <= names
    for kind in (AgencyKind.PEOPLES_COMMITTEE, AgencyKind.SERVICE_CENTRE, AgencyKind.SECTOR_AGENCY):
        assert Agency.objects.filter(level=Level.COMMUNE, kind=kind).count() == 95
    centre = Agency.objects.select_related("parent", "unit").get(
        level=Level.COMMUNE, kind=AgencyKind.SERVICE_CENTRE, unit__code="26041"
    )
    assert centre.name == "Trung tâm Phục vụ hành chính công phường Trấn Biên"
    assert centre.parent.kind == AgencyKind.PEOPLES_COMMITTEE and centre.parent.unit == centre.unit


def test_identifier_codes_have_the_qcvn_102_shape(demo):
    for code in Agency.objects.values_list("identifier_code", flat=True):
        assert len(code.split(".")) == 4 and code.endswith(".H19"), code


def test_at_least_30_procedures_each_with_a_valid_form_and_a_process(demo):
    versions = ProcedureVersion.objects.filter(is_current=True).prefetch_related("steps", "documents", "authorities")
    assert versions.count() >= 30
    for version in versions:
        assert check_form_schema(version.form_schema) == [], version
        Draft202012Validator.check_schema(version.form_schema)
        assert version.form_schema["type"] == "object" and version.form_schema["required"]
        assert version.steps.all(), version
        assert version.documents.all(), version
        assert version.authorities.all(), version


def test_a_form_schema_checks_a_citizen_identity_number(demo):
    schema = ProcedureVersion.objects.get(procedure__national_code="1.001193").form_schema
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    good = {
        "ho_ten_nguoi_yeu_cau": "Nguyễn Thị Lan",
        "so_dinh_danh": "075190000123",
        "noi_cu_tru": "Phường Biên Hòa, tỉnh Đồng Nai",
        "ho_ten_tre": "Nguyễn Minh An",
        "ngay_sinh": "2026-01-10",
        "gioi_tinh": "Nam",
        "noi_sinh": "Bệnh viện Đa khoa Đồng Nai",
        "ho_ten_me": "Nguyễn Thị Lan",
        "quan_he": "Mẹ",
    }
    assert list(validator.iter_errors(good)) == []
    assert list(validator.iter_errors({**good, "so_dinh_danh": "12345"}))
    assert list(validator.iter_errors({**good, "ngay_sinh": "10/01/2026"}))


def test_some_processes_cross_from_commune_to_province_and_back(demo):
    crossing = []
    for version in ProcedureVersion.objects.prefetch_related("steps"):
        levels = [step.level for step in version.steps.all()]
        if Level.COMMUNE in levels and Level.PROVINCE in levels:
            crossing.append(version.procedure.national_code)
            assert levels[0] == levels[-1] == Level.COMMUNE  # received and returned where the citizen came
    assert {"1.012753", "1.013978"} <= set(crossing)


def test_one_process_runs_steps_in_parallel(demo):
    version = ProcedureVersion.objects.get(procedure__national_code="2.000488")
    groups = [step.parallel_group for step in version.steps.all() if step.parallel_group]
    assert len(groups) == 2 and len(set(groups)) == 1
    agencies = {step.agency.short_name for step in version.steps.all() if step.parallel_group}
    assert agencies == {"Sở Tư pháp", "Công an tỉnh"}


def test_times_and_fees_are_marked_verified_only_where_the_reference_says_so(demo):
    # docs/domain-vn.md §5 tags these time limits [V]; fees [V] only for the civil-status exemptions.
    verified_times = {"1.001193", "1.000894", "1.000656", "2.000815", "2.000884", "2.000942"}
    verified_fees = {"1.001193", "1.000894", "1.000656"}
    versions = ProcedureVersion.objects.select_related("procedure").prefetch_related("fees")
    assert {v.procedure.national_code for v in versions if v.time_limit_verified} == verified_times
    assert {v.procedure.national_code for v in versions for f in v.fees.all() if f.verified} == verified_fees
    for version in versions:
        if not version.time_limit_verified:
            # an unverified limit says why, to officials (never on the public page: its note is internal)
            assert version.internal_note, version


# The demo's roadmaps and readiness (issue 16): a provincial plan issued to the 95 communes with items in every
# state, overdue ones already escalated to their heads; last quarter's survey of every commune, the quarter closed.
# Here rather than in a module of their own: each demo test module builds the demo once (~30 s of the suite).


def test_a_plan_goes_to_the_95_communes_with_items_in_every_state(demo):
    plans = list(Plan.objects.all())
    assert len(plans) == 2 and all(p.items.count() == 95 for p in plans)
    assert RoadmapItem.objects.filter(kind=ItemKind.RECONNECT, source=Source.AUTOMATIC).exists()
    states = set(RoadmapItem.objects.values_list("status", flat=True))
    assert states == set(ItemStatus.values)
    overdue = RoadmapItem.objects.filter(status=ItemStatus.RED)
    assert overdue.exists()
    assert ItemEscalation.objects.filter(item__in=overdue, step="overdue").count() == overdue.count()
    assert not ItemEscalation.objects.filter(head_name="").exists()
    assert escalations_send() == []  # every step already due was sent when it fell due: the first run sends nothing


def test_last_quarters_survey_has_every_commune_and_is_closed(demo):
    period = SurveyPeriod.objects.filter(records__isnull=False).distinct().get()
    assert period.closed_at is not None
    assert SurveyRecord.objects.filter(period=period).count() == 95
    today = timezone.localdate()
    assert (period.year, period.quarter) < (today.year, (today.month - 1) // 3 + 1)
    rows = readiness_rows(period=period, with_scores=False)
    assert len(rows) == 95 and all(r.rates["smartphone"] for r in rows)
    # one commune in eight sent its survey one row per village: its record is their sum, the villages listed
    summed = SurveyRecord.objects.filter(period=period, source=SurveySource.VILLAGES)
    assert summed.count() == 12
    for record in summed:
        villages = VillageRecord.objects.filter(period=period, agency=record.agency)
        assert 4 <= villages.count() <= 7
        assert record.adults == sum(v.adults for v in villages)
        assert record.smartphone_owners == sum(v.smartphone_owners for v in villages)
