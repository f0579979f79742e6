"""Issue 12's golden fixture: a small province whose Decision 766 scores for March 2026 are computed by hand.

Two units: the Department of Justice (ten dossiers received in March, three that must be left out, and its
catalogue and PAKN figures) and a commune that had nothing at all. Every expected value below is a literal with
its arithmetic in a comment; every indicator must be within ±0.01 point of it.

The department's edge cases (one dossier each, so a wrong rule moves a figure):
- D2 ends exactly at its due instant: on time;
- D4 waited three days for its supplement: subtracted, it is on time (without the subtraction it would be late);
- D4's fee list is all zero (its procedure P2 exempted it): left out of the dossiers with a financial obligation,
  and P2, which had no other dossier, out of the fee-bearing procedures that had dossiers;
- D5 was asked for a supplement twice: overdue although it ended long before its due date;
- D6, D7 are still open at the period's end and D8, D9 end in April: judged at 1/4 00:00 (D6, D8 late; D7, D9
  on time — D9 although it ended late in April), and none of them counts as finished for the e-result and
  digitisation figures;
- D10 has no due date: on time;
- reuse is 8 of 10 = exactly 80%: full points;
- 2 × 73/80 = 1.825 rounds half up to 1.83;
- no certified-copy records: empty denominator, 0 points, no data.
The commune: every denominator empty; no PAKN gives 6 + 6 points; no dossiers gives 0 for receiving satisfaction.
"""

import datetime as dt
from decimal import Decimal

import pytest

from lienthong.reports.kpi766 import (
    CURRENT_VERSION,
    Fact,
    UnitNode,
    as_legacy_rows,
    counts_from_facts,
    load_version,
    period_bounds,
    rank_units,
    score_unit,
    what_to_fix,
)
from lienthong.reports.kpi766.periods import VIET_NAM

START, END = period_bounds("month", 2026, 3)  # 2026-03-01 00:00 to 2026-04-01 00:00, Viet Nam time
DAY = 24 * 3600


def at(month: int, day: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=VIET_NAM)


# P1, P2 and P4 carry a fee in the catalogue; P3 does not.
DEPARTMENT_FACTS = [
    # D1: online, synced, paid on DVCQG; ended a day early.
    Fact("P1", at(3, 2, 8), at(3, 10, 17), at(3, 9, 10), channel_national=2, national_synced=True,
         has_e_result=True, is_digitised=True, reused_component=True, fee_total=100_000, paid_online_kind=1),
    # D2: online, paid through the province's gateway; ended exactly at its due instant.
    Fact("P1", at(3, 3, 8), at(3, 6, 17), at(3, 6, 17), channel_national=2, national_synced=True,
         has_e_result=True, reused_component=True, fee_total=100_000, paid_online_kind=2),
    # D3: at the counter, paid at the counter; ended two days late.
    Fact("P1", at(3, 4, 8), at(3, 10, 17), at(3, 12, 10), national_synced=True, reused_component=True,
         fee_total=100_000),
    # D4: one supplement, three days waited; ended 15/3 10:00 − 3 days = 12/3 10:00 ≤ 13/3 17:00. Fee list all 0.
    Fact("P2", at(3, 5, 8), at(3, 13, 17), at(3, 15, 10), supplement_count=1, supplement_seconds=3 * DAY,
         national_synced=True, has_e_result=True, is_digitised=True, fee_total=0),
    # D5: two supplement requests: overdue, although it ended ten days early.
    Fact("P3", at(3, 6, 9), at(3, 20, 17), at(3, 10, 9), supplement_count=2, supplement_seconds=7200,
         reused_component=True),
    # D6: online, still open; judged at 1/4 00:00 > 27/3 17:00: late.
    Fact("P3", at(3, 20, 8), at(3, 27, 17), None, channel_national=2, national_synced=True),
    # D7: still open; judged at 1/4 00:00 ≤ 3/4 17:00: on time.
    Fact("P3", at(3, 25, 8), at(4, 3, 17), None, national_synced=True, reused_component=True),
    # D8: online, paid on DVCQG, e-result — but it ended on 2/4: judged at 1/4 00:00 > 31/3 17:00, late; unfinished.
    Fact("P4", at(3, 26, 8), at(3, 31, 17), at(4, 2, 10), channel_national=2, national_synced=True,
         has_e_result=True, reused_component=True, fee_total=20_000, paid_online_kind=1),
    # D9: by public post, not synced; ended 3/4 10:00, a day after its due date, but was open at the period's end:
    # judged at 1/4 00:00 ≤ 2/4 17:00, on time for March.
    Fact("P4", at(3, 27, 8), at(4, 2, 17), at(4, 3, 10), channel_national=3, reused_component=True,
         fee_total=20_000),
    # D10: channel unknown (= direct), no due date (answered on the spot): on time.
    Fact("P1", at(3, 30, 10), None, at(3, 30, 11), channel_national=None, national_synced=True,
         has_e_result=True, is_digitised=True, reused_component=True, fee_total=100_000),
    # Left out: received in February; never received; received at the first instant of April.
    Fact("P1", at(2, 27, 8), at(3, 3, 17), at(3, 2, 10), channel_national=2, national_synced=True,
         fee_total=100_000, paid_online_kind=1),
    Fact("P1", None, None, None, channel_national=2, fee_total=100_000),
    Fact("P1", at(4, 1, 0), at(4, 8, 17), None, channel_national=2, national_synced=True),
]  # fmt: skip

# The dossier figures, counted by hand from the list above.
DEPARTMENT_DOSSIER_FIGURES = {
    "dossiers_received": 10,  # D1…D10
    "dossiers_received_online": 4,  # D1 D2 D6 D8
    "dossiers_synced": 8,  # all but D5 D9
    "dossiers_on_time": 6,  # D1 D2 D4 D7 D9 D10
    "dossiers_overdue": 4,  # D3 D5 D6 D8
    "dossiers_finished": 6,  # D1 D2 D3 D4 D5 D10 (D6 D7 open, D8 D9 ended in April)
    "dossiers_with_e_result": 4,  # D1 D2 D4 D10 (D8's came in April)
    "dossiers_digitised": 3,  # D1 D4 D10
    "dossiers_reusing_data": 8,  # all but D4 D6
    "dossiers_with_fee": 6,  # D1 D2 D3 D8 D9 D10 (D4's fees are all 0)
    "dossiers_with_synced_fee": 5,  # D1 D2 D3 D8 D10 (D9 is not synced)
    "dossiers_paid_online": 3,  # D1 (kind 1) D2 (kind 2) D8 (kind 1)
    "online_services_with_dossiers": 3,  # P1 (D1 D2), P3 (D6), P4 (D8)
    "procedures_with_fee_dossiers": 2,  # P1, P4 (via D8; D9 is not synced); P2's only dossier has no fee
    "procedures_with_online_payment": 2,  # P1, P4
}

# What the catalogue, the national reporting system and the PAKN records say of the department for March.
DEPARTMENT_OTHER_FIGURES = {
    "procedures_announced": 4,
    "procedures_announced_on_time": 3,
    "procedures_made_public": 8,
    "procedures_made_public_on_time": 7,
    "procedures_public": 80,
    "procedures_public_complete": 73,
    "dossiers_received_bcqg": 12,  # the national reporting system saw 12: the sync denominator is max(10, 12)
    "procedures_under_competence": 40,
    "procedures_with_online_service": 30,
    "online_services": 8,
    "procedures_with_fee": 3,  # P1 P2 P4
    "dossiers_in_citizen_store": 1,
    "dossiers_with_citizen_data": 3,
    "procedures_for_citizens": 20,
    "procedures_with_citizen_data": 7,
    "dossiers_with_complaint_or_dislike": 1,
    "petitions": 8,
    "petitions_on_time": 7,
    "petitions_disliked": 1,
    "petitions_overdue": 1,
    "petitions_repeated": 0,
}

# code: (numerator, denominator, points) — the arithmetic beside each.
DEPARTMENT_EXPECTED = {
    "PUBLISH_ON_TIME": (3, 4, "4.50"),  # 6 × 3/4
    "PUBLIC_UPDATE_ON_TIME": (7, 8, "3.50"),  # 4 × 7/8
    "PUBLIC_CONTENT_FULL": (73, 80, "1.83"),  # 2 × 73/80 = 1.825 → 1.83 (half up)
    "DOSSIER_SYNC": (8, 12, "4.00"),  # 6 × 8/max(10, 12)
    "DOSSIER_ON_TIME": (6, 10, "12.00"),  # 20 × 6/10
    "ONLINE_SERVICE_PROVIDED": (30, 40, "1.88"),  # min(2, 2 × 0.75/0.8) = 1.875 → 1.88
    "ONLINE_SERVICE_WITH_DOSSIERS": (3, 8, "1.50"),  # 4 × 3/8
    "ONLINE_DOSSIER_SHARE": (4, 10, "3.20"),  # min(6, 6 × (4/10 × 8/12)/0.5) = 6 × 0.2667/0.5
    "ONLINE_PAYMENT_DOSSIERS": (3, 6, "3.00"),  # 6 × 3/6
    "ONLINE_PAYMENT_FORMALITIES": (2, 3, "1.67"),  # min(2, 2 × (2/3)/0.8) = 1.6667
    "FEE_FORMALITIES_WITH_DOSSIERS": (2, 3, "1.67"),  # min(2, 2 × (2/3)/0.8) = 1.6667
    "ORIGINAL_RESULT_AVAILABLE": (4, 6, "4.00"),  # 6 × 4/6
    "SO_HOA_GIAY_TO_GIAI_QUYET": (3, 6, "2.00"),  # 4 × 3/6
    "ELECTRONIC_CERTIFIED_COPY": (0, 0, "0.00"),  # no certified-copy records: no data
    "REUSED_DIGITIZED_DATA": (8, 10, "2.00"),  # min(2, 2 × 0.8/0.8): full exactly at 80%
    "SYNCED_WITH_DVCQG_PERSONAL_STORAGE": (1, 10, "0.40"),  # 4 × 1/10
    "CITIZEN_DATA_CONNECTED_DOSSIER": (3, 10, "0.60"),  # 2 × 3/10
    "CITIZEN_DATA_CONNECTED_FORMALITY": (7, 20, "0.70"),  # 2 × 7/20
    "DOSSIER_RECEIVING_SATISFACTION": (5, 10, "3.33"),  # min(6, 6 × ((10 − 4 − 1)/10)/0.9) = 3.333
    "PETITION_PROCESSING_ON_TIME": (7, 8, "5.25"),  # 6 × 7/8
    "PETITION_HANDLING_SATISFACTION": (6, 8, "4.50"),  # 6 × (8 − 1 − 1 − 0)/8
}
DEPARTMENT_GROUPS = {
    "transparency": "13.83",  # 4.50 + 3.50 + 1.83 + 4.00
    "progress": "12.00",
    "online_service": "6.58",  # 1.88 + 1.50 + 3.20
    "online_payment": "6.34",  # 3.00 + 1.67 + 1.67
    "digitisation": "9.70",  # 4.00 + 2.00 + 0 + 2.00 + 0.40 + 0.60 + 0.70
    "satisfaction": "13.08",  # 3.33 + 5.25 + 4.50
}
DEPARTMENT_TOTAL = "61.53"  # 13.83 + 12.00 + 6.58 + 6.34 + 9.70 + 13.08

# The commune: no procedure announced, no dossier, no PAKN.
COMMUNE_EXPECTED_POINTS = {code: "0.00" for code in DEPARTMENT_EXPECTED} | {
    "PETITION_PROCESSING_ON_TIME": "6.00",  # no PAKN → 6
    "PETITION_HANDLING_SATISFACTION": "6.00",  # no PAKN → 6
}
COMMUNE_TOTAL = "12.00"

WITHIN = Decimal("0.01")


def department_score():
    counts = counts_from_facts(DEPARTMENT_FACTS, period_start=START, period_end=END, version=CURRENT_VERSION)
    return score_unit(counts=counts | DEPARTMENT_OTHER_FIGURES, version=CURRENT_VERSION)


def commune_score():
    counts = counts_from_facts([], period_start=START, period_end=END, version=CURRENT_VERSION)
    return score_unit(counts=counts, version=CURRENT_VERSION)


def test_the_fixture_names_every_indicator_of_the_version():
    codes = {indicator.code for indicator in load_version(CURRENT_VERSION).indicators}
    assert set(DEPARTMENT_EXPECTED) == codes
    assert set(COMMUNE_EXPECTED_POINTS) == codes


def test_the_dossier_figures_are_counted_as_by_hand():
    counts = counts_from_facts(DEPARTMENT_FACTS, period_start=START, period_end=END, version=CURRENT_VERSION)

    assert counts == DEPARTMENT_DOSSIER_FIGURES


@pytest.mark.parametrize("code", DEPARTMENT_EXPECTED)
def test_each_department_indicator_is_within_a_hundredth_of_a_point(code):
    numerator, denominator, points = DEPARTMENT_EXPECTED[code]

    score = department_score().indicators[code]

    assert (score.numerator, score.denominator) == (numerator, denominator)
    assert abs(score.points - Decimal(points)) <= WITHIN
    assert score.no_data is (denominator == 0)


def test_the_department_groups_and_total_add_up_its_rounded_indicators():
    score = department_score()

    assert {group.code: group.points for group in score.groups} == {k: Decimal(v) for k, v in DEPARTMENT_GROUPS.items()}
    assert score.total == Decimal(DEPARTMENT_TOTAL)
    assert score.max_points == 100


def test_points_are_rounded_half_up_to_two_decimals():
    indicators = department_score().indicators

    assert indicators["PUBLIC_CONTENT_FULL"].points == Decimal("1.83")  # 1.825: half-even would give 1.82
    assert indicators["ONLINE_SERVICE_PROVIDED"].points == Decimal("1.88")  # 1.875


@pytest.mark.parametrize("code", COMMUNE_EXPECTED_POINTS)
def test_each_indicator_of_a_unit_without_data_follows_its_empty_denominator_rule(code):
    score = commune_score().indicators[code]

    assert abs(score.points - Decimal(COMMUNE_EXPECTED_POINTS[code])) <= WITHIN
    assert score.no_data
    assert score.rate == 0


def test_the_commune_scores_only_the_points_of_having_no_pakn():
    assert commune_score().total == Decimal(COMMUNE_TOTAL)


def test_the_province_ranks_the_department_above_the_commune_like_the_portal():
    department = UnitNode(id="STP", name="Sở Tư pháp", score=department_score())
    commune = UnitNode(id="X01", name="Xã An Bình", score=commune_score())

    rows = as_legacy_rows([commune, department])

    assert [(row["ROW_STT"], row["TEN"], row["TONG_SCORE"]) for row in rows] == [
        (1, "Sở Tư pháp", 61.53),
        (2, "Xã An Bình", 12.0),
    ]
    assert rows[0] | {"ROW_STT": 0} == {
        "ID": "STP", "TEN": "Sở Tư pháp", "ROW_STT": 0,
        "CKMB": 13.83, "TDGQ": 12.0, "TTTT": 6.58, "CLGQ": 6.34, "MDSH": 9.7, "MDHL": 13.08, "TONG_SCORE": 61.53,
    }  # fmt: skip
    assert [ranked.node.id for ranked in rank_units([commune, department])] == ["STP", "X01"]


def test_what_to_fix_lists_the_points_lost_most_first_and_they_add_up_to_what_is_missing():
    score = department_score()

    lost = what_to_fix(score)

    assert [(i.code, i.points_lost) for i in lost[:5]] == [
        ("DOSSIER_ON_TIME", Decimal("8.00")),  # 20 − 12.00
        ("SYNCED_WITH_DVCQG_PERSONAL_STORAGE", Decimal("3.60")),  # 4 − 0.40
        ("ONLINE_PAYMENT_DOSSIERS", Decimal("3.00")),  # 6 − 3.00
        ("ONLINE_DOSSIER_SHARE", Decimal("2.80")),  # 6 − 3.20
        ("DOSSIER_RECEIVING_SATISFACTION", Decimal("2.67")),  # 6 − 3.33
    ]
    assert "REUSED_DIGITIZED_DATA" not in {i.code for i in lost}  # full points: nothing to fix
    assert sum(i.points_lost for i in lost) == 100 - score.total  # 38.47
