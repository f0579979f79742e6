"""Decision 766's PAKN and satisfaction figures per unit (`reports.petition_figures`), computed by hand for March
2026: a complaint answered on time, one answered late, one overdue without an answer, a refused one and one due in
April; dossiers named by a complaint or rated "not satisfied". A complaint counts to the unit of its handling agency,
the province holds the sum, and the satisfaction group's points are those computed by hand (±0.01) — all from the
read model the complaints' events and the ratings keep (`ComplaintFact`, `RatingFact`), never from their tables."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model

from lienthong.catalogue.models import Field, Procedure, ProcedureVersion
from lienthong.complaints.constants import Kind
from lienthong.complaints.services import (
    Sender,
    complaint_accept,
    complaint_answer,
    complaint_refuse,
    complaint_submit,
)
from lienthong.dossiers.models import Dossier
from lienthong.feedback.constants import Criterion
from lienthong.feedback.services import rating_submit
from lienthong.org.constants import Role
from lienthong.org.models import Agency, OfficerRole
from lienthong.reports.index766 import Period, province_scores
from lienthong.reports.models import DossierFact
from lienthong.reports.petition_figures import petition_figures
from lienthong.reports.units import AgencyTree
from tests.reports.province766 import MARCH, at, communes_more, province766  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db
LAN = Sender(name="Trần Thị Lan", phone="0987654321", email="lan@example.vn", address="")
PETITIONS = ("petitions", "petitions_on_time", "petitions_overdue", "petitions_disliked", "petitions_repeated")


@pytest.fixture
def leader(province766):  # noqa: F811
    """One officer leading every agency, so one hand answers every complaint."""
    user = get_user_model().objects.create_user("lanhdao", password="mat-khau-dai-123")
    for agency in province766.values():
        OfficerRole.objects.create(user=user, agency=agency, role=Role.LEADER)
    return user


def _complaint(agency, *, received, accepted=True, answered=None, refused=False, dossier_code=""):
    complaint = complaint_submit(kind=Kind.REFLECTION, sender=LAN, title="Trả kết quả chậm", content="Quá hẹn.",
                                 concerned_agency=agency, dossier_code=dossier_code, at=received)  # fmt: skip
    officer = OfficerRole.objects.filter(role=Role.LEADER).first().user
    if refused:
        return complaint_refuse(complaint=complaint, officer=officer, reason="Trùng lặp.", at=received)
    if accepted:
        complaint = complaint_accept(complaint=complaint, officer=officer, at=received)
    if answered:
        complaint = complaint_answer(complaint=complaint, officer=officer, answer="Đã xử lý.", at=answered)
    return complaint


@pytest.fixture
def complaints(province766, leader):  # noqa: F811
    a = province766
    # The answer is due 15 working days after receipt: 2/3 → 23/3, 3/3 → 24/3, 4/3 → 25/3, 5/3 → 26/3, 2/2 → 13/3.
    _complaint(a["justice"], received=at(2), answered=at(10))  # on time
    _complaint(a["justice"], received=at(2, 2), answered=at(16))  # late (due 13/3, Tết in between)
    _complaint(a["an"], received=at(4))  # accepted, never answered: overdue since 25/3
    _complaint(a["an"], received=at(3), answered=at(20))  # on time
    _complaint(a["an_centre"], received=at(5), answered=at(27))  # late (due 26/3), to the commune An
    _complaint(a["binh"], received=at(5), accepted=False, refused=True)  # refused: not counted
    _complaint(a["binh"], received=at(30))  # due in April: not counted in March
    return a


def _figures(at_: dt.datetime = MARCH[1]):
    tree = AgencyTree()
    return petition_figures(units=tree.scored_units(), period_start=MARCH[0], period_end=MARCH[1], at=at_, tree=tree)


def test_each_units_petitions_are_those_counted_by_hand_and_the_province_holds_the_sum(complaints):
    figures = _figures()

    a = complaints
    #                   PAKN on time overdue disliked repeated
    expected = {
        a["justice"].pk:      (2, 1, 1, 0, 0),
        a["an"].pk:           (3, 1, 2, 0, 0),  # its committee's two and its centre's one
        a["binh"].pk:         (0, 0, 0, 0, 0),
        a["construction"].pk: (0, 0, 0, 0, 0),
        a["centre"].pk:       (0, 0, 0, 0, 0),
        a["province"].pk:     (5, 2, 3, 0, 0),  # the sum
    }  # fmt: skip
    assert {unit: tuple(counts[name] for name in PETITIONS) for unit, counts in figures.items()} == expected


def test_the_satisfaction_groups_points_are_those_computed_by_hand(complaints):
    scores = province_scores(period=Period("month", 2026, 3), now=at(15, 4))

    a = complaints
    by_id = {r.unit.id: r.score.indicators for r in [scores.province, *scores.departments, *scores.communes]}
    # PAKN on time (max 6, full at 100%): Justice 1/2 → 6 × 0.5 = 3.00; An 1/3 → 2.00; the province 2/5 → 2.40.
    # Handling satisfaction (max 6): (PAKN − disliked 0 − overdue − repeated 0) ÷ PAKN, the same shares here.
    # Bình Lộc and the Department of Construction had no PAKN in March: full points (6), "no data".
    expected = {"justice": (1, 2, 3.00), "an": (1, 3, 2.00), "province": (2, 5, 2.40),
                "binh": (0, 0, 6.00), "construction": (0, 0, 6.00)}  # fmt: skip
    for code in ("PETITION_PROCESSING_ON_TIME", "PETITION_HANDLING_SATISFACTION"):
        for key, (numerator, denominator, points) in expected.items():
            indicator = by_id[a[key].pk][code]
            assert (indicator.numerator, indicator.denominator) == (numerator, denominator), (code, key)
            assert float(indicator.points) == pytest.approx(points, abs=0.01), (code, key)
            assert indicator.no_data == (denominator == 0), (code, key)


def _dossier(code: str, agency: Agency, version: ProcedureVersion, *, unit: Agency, received: dt.datetime) -> Dossier:
    dossier = Dossier.objects.create(
        code=code, agency=agency, procedure_version=version, channel="counter", status="returned",
        applicant_kind="citizen", applicant_name="Lê Văn An",
    )  # fmt: skip
    DossierFact.objects.create(
        dossier_id=dossier.pk, agency_id=agency.pk, unit_id=unit.pk, procedure_id=version.procedure_id,
        procedure_version_id=version.pk, field_id=version.procedure.field_id, level=agency.level, channel="counter",
        national_channel=1, status="returned", received_at=received, due_at=at(30, 4),
    )  # fmt: skip
    return dossier


def _rate(dossier: Dossier, scores: list[int], when: dt.datetime) -> None:
    with time_machine.travel(when, tick=False):
        rating_submit(dossier=dossier, scores=dict(zip(Criterion.values, scores, strict=True)))


@pytest.fixture
def rated(province766, leader):  # noqa: F811
    a = province766
    field = Field.objects.create(code="H19-HT", name="Hộ tịch")
    version = ProcedureVersion.objects.create(
        procedure=Procedure.objects.create(national_code="1.001193", field=field), decision="QĐ 1",
        name="Đăng ký khai sinh", time_limit_value=2, time_limit_unit="working_days", online_level="full",
    )  # fmt: skip
    desk = a["an_centre"]
    named = _dossier("000.00.42.H19-260305-0001", desk, version, unit=a["an"], received=at(5))
    _complaint(a["an"], received=at(20), dossier_code=named.code.lower())  # typed in lower case: still its code
    disliked = _dossier("000.00.42.H19-260306-0001", desk, version, unit=a["an"], received=at(6))
    _rate(disliked, [2, 3, 2, 3], at(20))  # average 2.50: not satisfied
    _dossier("000.00.42.H19-260311-0001", desk, version, unit=a["an"], received=at(11))  # nothing said
    neutral = _dossier("000.00.43.H19-260309-0001", a["binh"], version, unit=a["binh"], received=at(9))
    _rate(neutral, [3, 3, 3, 3], at(20))  # average 3.00: not below "Bình thường"
    refused = _dossier("000.00.03.H19-260310-0001", a["justice"], version, unit=a["justice"], received=at(10))
    _complaint(a["justice"], received=at(10), accepted=False, refused=True, dossier_code=refused.code)
    both = _dossier("000.00.03.H19-260312-0001", a["justice"], version, unit=a["justice"], received=at(12))
    _complaint(a["justice"], received=at(13), dossier_code=both.code)
    _rate(both, [1, 1, 1, 1], at(14))  # a complaint and a dislike: one dossier
    february = _dossier("000.00.43.H19-260227-0001", a["binh"], version, unit=a["binh"], received=at(27, 2))
    _complaint(a["binh"], received=at(3), dossier_code=february.code)  # received before the period
    later = _dossier("000.00.43.H19-260316-0001", a["binh"], version, unit=a["binh"], received=at(16))
    _complaint(a["binh"], received=at(3, 4), dossier_code=later.code)  # complained after the period was judged
    return a


def test_dossiers_named_by_a_complaint_or_rated_not_satisfied_count_once_to_their_unit(rated):
    figures = _figures()

    a = rated
    assert {key: figures[a[key].pk]["dossiers_with_complaint_or_dislike"] for key in
            ("an", "binh", "justice", "construction", "centre", "province")} == {
        "an": 2, "binh": 0, "justice": 1, "construction": 0, "centre": 0, "province": 3}  # fmt: skip


def test_the_receiving_satisfaction_subtracts_them(rated):
    scores = province_scores(period=Period("month", 2026, 3), now=at(15, 4))

    satisfaction = {key: scores.unit(rated[key].pk).score.indicators["DOSSIER_RECEIVING_SATISFACTION"]
                    for key in ("an", "justice", "binh", "province")}  # fmt: skip
    # An: 3 received, none overdue (due 30/4), 2 with a PAKN or a dislike: 1/3, full at 90% → 6 × (1/3) / 0.9 = 2.22.
    # Justice: 2 received, 1 with a complaint and a dislike (the refused complaint's dossier does not count): 1/2 →
    # 6 × 0.5 / 0.9 = 3.33. Bình Lộc: 2 received in March (9/3, 16/3; 27/2 is February's), none with a PAKN or a
    # dislike when March is judged (the rating at 3.00 is not below "Bình thường", the complaint of 3/4 came after):
    # 2/2 = 100% ≥ 90% → 6.00.
    # The province: 7 received, 3 with one: 4/7 → 6 × (4/7) / 0.9 = 3.81.
    expected = {"an": (1, 3, 2.22), "justice": (1, 2, 3.33), "binh": (2, 2, 6.00), "province": (4, 7, 3.81)}
    for key, (numerator, denominator, points) in expected.items():
        indicator = satisfaction[key]
        assert (indicator.numerator, indicator.denominator) == (numerator, denominator), key
        assert float(indicator.points) == pytest.approx(points, abs=0.01), key


def test_the_queries_are_the_same_for_2_and_for_20_units(complaints, rated, django_assert_num_queries):
    communes_more(14)
    tree = AgencyTree()
    units = tree.scored_units()
    assert len(units) == 20
    period = {"period_start": MARCH[0], "period_end": MARCH[1], "at": MARCH[1], "tree": tree}

    with django_assert_num_queries(2):  # complaints by agency; facts named or disliked, by unit
        few = petition_figures(units=units[:2], **period)
    with django_assert_num_queries(2):
        every = petition_figures(units=units, **period)

    assert few[units[0].id] == every[units[0].id]
    # The province: the five of `complaints` and, of `rated`'s, the one at Bình Lộc left unanswered since 3/3.
    assert every[units[0].id]["petitions"] == 5 + 1
