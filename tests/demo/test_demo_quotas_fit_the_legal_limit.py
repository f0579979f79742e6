from decimal import Decimal

import pytest

from lienthong.catalogue.models import ProcedureVersion
from lienthong.demo.procedures import DemoDataError, catalogue_data, legal_limit_hours, load_json, path_hours

pytestmark = pytest.mark.django_db


def test_every_demo_procedure_spends_no_more_than_its_legal_limit(demo):
    defaults = load_json("procedures.json")["defaults"]
    for version in ProcedureVersion.objects.prefetch_related("steps"):
        steps = [{"quota_hours": s.quota_hours, "parallel_group": s.parallel_group} for s in version.steps.all()]
        limit = legal_limit_hours(unit=version.time_limit_unit, value=version.time_limit_value, defaults=defaults)
        assert all(step["quota_hours"] > 0 for step in steps), version
        assert path_hours(steps) <= limit, (version, path_hours(steps), limit)


def test_working_day_limits_are_counted_at_seven_and_a_half_hours():
    defaults = {"hours_per_working_day": "7.5", "immediate_hours": "4"}
    assert legal_limit_hours(unit="working_days", value=Decimal(20), defaults=defaults) == Decimal(150)
    assert legal_limit_hours(unit="working_hours", value=Decimal(6), defaults=defaults) == Decimal(6)
    assert legal_limit_hours(unit="calendar_days", value=Decimal(7), defaults=defaults) == Decimal("37.5")
    assert legal_limit_hours(unit="immediate", value=None, defaults=defaults) == Decimal(4)


def test_parallel_steps_count_once_for_the_longest():
    steps = [
        {"quota_hours": "2"},
        {"quota_hours": "10", "parallel_group": 1},
        {"quota_hours": "6", "parallel_group": 1},
        {"quota_hours": "1"},
    ]
    assert path_hours(steps) == Decimal(13)


def test_explicit_quotas_above_the_limit_are_refused_before_anything_is_imported():
    data = load_json("procedures.json")
    criminal_record = next(p for p in data["procedures"] if p["national_code"] == "2.000488")
    shortened = dict(criminal_record, time_limit={"unit": "working_days", "value": "5", "verified": False})
    codes = {a["key"]: a["code"] for a in load_json("agencies.json")["provincial"]}
    with pytest.raises(DemoDataError, match="2.000488"):
        catalogue_data(agency_codes=codes, data=dict(data, procedures=[shortened]))
