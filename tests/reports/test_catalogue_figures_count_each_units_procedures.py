"""Decision 766's catalogue figures per unit (`reports.catalogue_figures`), computed by hand for a small catalogue in
March 2026: a procedure competent by kind (UBND cấp xã) counts for every commune; a zero fee is no fee; the version
in force at the period's end is the one judged; an abolished procedure is gone; an announcing decision is on time
when signed 5 working days before the version applies; the province counts each procedure once."""

import datetime as dt
from decimal import Decimal

import pytest

from lienthong.catalogue.models import (
    CompetentAuthority,
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    RequiredDocument,
)
from lienthong.core.calendar_store import work_calendar_current
from lienthong.org.constants import AgencyKind, Level, Role
from lienthong.org.models import Agency
from lienthong.reports.catalogue_figures import catalogue_figures
from lienthong.reports.units import AgencyTree
from tests.reports.province766 import MARCH, communes_more, province766  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db
ONE = ("procedures_under_competence", "procedures_with_online_service", "online_services", "procedures_with_fee",
       "procedures_for_citizens", "procedures_public", "procedures_public_complete", "procedures_announced",
       "procedures_announced_on_time")  # fmt: skip
NOT_HELD = ("procedures_made_public", "procedures_made_public_on_time", "procedures_with_citizen_data")


def _version(
    code: str,
    *,
    decision: str = "QĐ 1/QĐ-UBND",
    decided=None,
    effective=None,
    current=True,
    online="full",
    applicants="Công dân Việt Nam",
    complete=True,
    fees=(),
    authorities=(),
) -> ProcedureVersion:
    field, _ = Field.objects.get_or_create(code="H19-TEST", defaults={"name": "Thử nghiệm"})
    procedure, _ = Procedure.objects.get_or_create(national_code=code, defaults={"field": field})
    version = ProcedureVersion.objects.create(
        procedure=procedure, decision=decision, decision_date=decided, effective_from=effective, is_current=current,
        name=f"Thủ tục {code}", time_limit_value=Decimal(5), time_limit_unit="working_days", online_level=online,
        applicant_types=applicants, submission_methods="Trực tiếp; trực tuyến",
    )  # fmt: skip
    if complete:
        RequiredDocument.objects.create(version=version, position=1, name="Tờ khai", copy_kind="original")
        ProcessStep.objects.create(
            version=version, position=1, name="Tiếp nhận", level=Level.PROVINCE, agency_kind=AgencyKind.SERVICE_CENTRE,
            role=Role.RECEIVER, actions=["receive"], quota_hours=Decimal(4),
        )  # fmt: skip
    for amount in fees:
        Fee.objects.create(version=version, name="Lệ phí", amount=amount)
    for level, who in authorities:
        if isinstance(who, Agency):
            CompetentAuthority.objects.create(version=version, level=level, agency=who)
        else:
            CompetentAuthority.objects.create(version=version, level=level, agency_kind=who)
    return version


@pytest.fixture
def catalogue(province766):  # noqa: F811
    a = province766
    by_kind = (Level.COMMUNE, AgencyKind.PEOPLES_COMMITTEE)
    # 1. Birth registration: every commune's committee; a fee of 0 đồng; announced on time (2/3, applies Monday 16/3:
    #    5 working days before is Monday 9/3).
    _version("1.001", decided=dt.date(2026, 3, 2), effective=dt.date(2026, 3, 16), fees=[0],
             authorities=[by_kind])  # fmt: skip
    # 2. Certified copies at the justice department: last year's offline version, replaced on 16/3 by a partly
    #    online one announced late (12/3 > 9/3); fees 2,000 and 0 đồng; no documents listed, so not complete.
    justice = [(Level.PROVINCE, a["justice"])]
    _version("1.002", decision="QĐ cũ", decided=dt.date(2025, 6, 1), effective=dt.date(2025, 7, 1), current=False,
             online="offline", authorities=justice)  # fmt: skip
    _version("1.002", decided=dt.date(2026, 3, 12), effective=dt.date(2026, 3, 16), online="partial",
             applicants="Cá nhân, tổ chức", complete=False, fees=[2_000, 0], authorities=justice)  # fmt: skip
    # 3. Building permit: the construction department and every commune; offline, 100,000 đồng, for organisations.
    construction = [(Level.PROVINCE, a["construction"])]
    _version("1.003", decided=dt.date(2025, 6, 1), effective=dt.date(2025, 7, 1), online="offline",
             applicants="Tổ chức", fees=[100_000], authorities=[*construction, by_kind])  # fmt: skip
    # 4. Announced on 20/3, on time, but applying only from 15/4: announced in March, not in force at its end.
    _version("1.004", decided=dt.date(2026, 3, 20), effective=dt.date(2026, 4, 15), authorities=justice)
    # 5. Abolished: no current version left.
    _version("1.005", decided=dt.date(2025, 6, 1), effective=dt.date(2025, 7, 1), current=False, authorities=justice)
    # 6. Announced on 5/3 with no effective date: it applies from its decision, and nothing shows it on time; no steps.
    _version("1.006", decided=dt.date(2026, 3, 5), applicants="Doanh nghiệp", complete=False,
             authorities=construction)  # fmt: skip
    return a


def _figures(**kw):
    tree = AgencyTree()
    return catalogue_figures(units=tree.scored_units(), period_start=MARCH[0], period_end=MARCH[1], at=MARCH[1],
                             tree=tree, **kw)  # fmt: skip


def test_each_units_catalogue_figures_are_those_counted_by_hand(catalogue):
    figures = _figures()

    a = catalogue
    #              competence online services fee citizens public complete announced on-time
    expected = {
        a["an"].pk:           (2, 1, 1, 1, 1, 2, 2, 1, 1),  # 1 (by kind) and 3
        a["binh"].pk:         (2, 1, 1, 1, 1, 2, 2, 1, 1),  # the same: every commune
        a["justice"].pk:      (1, 1, 1, 1, 1, 1, 0, 2, 1),  # 2's new version; announced 2 (late) and 4 (on time)
        a["construction"].pk: (2, 1, 1, 1, 0, 2, 1, 1, 0),  # 3 and 6
        a["centre"].pk:       (0, 0, 0, 0, 0, 0, 0, 0, 0),
        a["province"].pk:     (4, 3, 3, 2, 2, 4, 2, 4, 2),  # 1, 2, 3, 6 once each; announced 1, 2, 4, 6
    }  # fmt: skip
    assert {unit: tuple(counts[name] for name in ONE) for unit, counts in figures.items()} == expected
    assert all(counts[name] == 0 for counts in figures.values() for name in NOT_HELD)


def test_before_the_new_version_applies_the_old_one_is_judged(catalogue):
    tree = AgencyTree()
    justice = next(u for u in tree.scored_units() if u.id == catalogue["justice"].pk)
    early_march = dt.datetime(2026, 3, 10, tzinfo=MARCH[0].tzinfo)

    figures = catalogue_figures(units=[justice], period_start=MARCH[0], period_end=MARCH[1], at=early_march, tree=tree)

    counts = figures[justice.id]
    # In force on 9/3: procedure 2's offline version of 2025 (no fee, complete); 4 not yet, 5 abolished.
    assert (counts["procedures_under_competence"], counts["procedures_with_online_service"],
            counts["procedures_with_fee"], counts["procedures_public_complete"]) == (1, 0, 0, 1)  # fmt: skip


def test_the_queries_are_the_same_for_2_and_for_20_units(catalogue, django_assert_num_queries):
    communes_more(14)
    tree = AgencyTree()
    units = tree.scored_units()
    assert len(units) == 20
    work_calendar_current()  # read once, as the index's request would have

    with django_assert_num_queries(2):  # the versions with what they hold, their authorities
        few = catalogue_figures(units=units[:2], period_start=MARCH[0], period_end=MARCH[1], at=MARCH[1], tree=tree)
    with django_assert_num_queries(2):
        every = catalogue_figures(units=units, period_start=MARCH[0], period_end=MARCH[1], at=MARCH[1], tree=tree)

    assert few[units[0].id] == every[units[0].id]
    assert sum(counts["procedures_under_competence"] for counts in every.values() if counts) > 0
    new_commune = next(u for u in units if u.name == "UBND xã Số 0")
    assert every[new_commune.id]["procedures_under_competence"] == 2  # 1 and 3, by kind
