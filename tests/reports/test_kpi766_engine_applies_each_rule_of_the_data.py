"""The engine's rules one at a time, beyond the golden fixture: caps, empty denominators, the sync fallback."""

from decimal import Decimal

from lienthong.reports.kpi766 import CURRENT_VERSION, score_unit, sync_fallback_denominator


def score(**counts):
    return score_unit(counts=counts, version=CURRENT_VERSION).indicators


def test_points_stop_at_the_maximum_above_the_threshold():
    # 9/10 online is past the 50% threshold: 6 × 0.9/0.5 = 10.8 is capped at 6
    indicators = score(dossiers_received=10, dossiers_received_online=9, dossiers_synced=10)

    assert indicators["ONLINE_DOSSIER_SHARE"].points == 6
    assert indicators["ONLINE_DOSSIER_SHARE"].rate == Decimal("0.9")


def test_the_online_share_is_multiplied_by_the_sync_rate():
    # 4/10 online × 5/10 synced = 0.2 → 6 × 0.2/0.5 = 2.40
    indicators = score(dossiers_received=10, dossiers_received_online=4, dossiers_synced=5)

    assert indicators["ONLINE_DOSSIER_SHARE"].points == Decimal("2.40")
    assert indicators["DOSSIER_SYNC"].points == Decimal("3.00")


def test_the_sync_rate_takes_the_larger_national_count():
    indicators = score(dossiers_received=10, dossiers_received_bcqg=20, dossiers_synced=10)

    assert indicators["DOSSIER_SYNC"].denominator == 20
    assert indicators["DOSSIER_SYNC"].points == Decimal("3.00")


def test_with_no_dossier_anywhere_the_sync_rate_falls_back_on_last_years_total():
    fallback = sync_fallback_denominator(previous_year_bcqg_total=48, kind="month", version=CURRENT_VERSION)

    indicators = score(sync_fallback_denominator=fallback)

    assert indicators["DOSSIER_SYNC"].denominator == 4
    assert indicators["DOSSIER_SYNC"].points == 0
    assert not indicators["DOSSIER_SYNC"].no_data  # there was a denominator: the unit synced nothing of 4 expected


def test_receiving_satisfaction_never_goes_below_zero():
    # 2 received, both late and both complained of: 2 − 2 − 2 = −2 → rate 0
    indicators = score(dossiers_received=2, dossiers_overdue=2, dossiers_with_complaint_or_dislike=2)

    assert indicators["DOSSIER_RECEIVING_SATISFACTION"].rate == 0
    assert indicators["DOSSIER_RECEIVING_SATISFACTION"].points == 0


def test_receiving_satisfaction_reaches_full_points_at_ninety_percent():
    indicators = score(dossiers_received=10, dossiers_overdue=1)

    assert indicators["DOSSIER_RECEIVING_SATISFACTION"].points == 6


def test_pakn_with_a_denominator_is_scored_by_its_rate_not_by_the_empty_rule():
    indicators = score(petitions=4, petitions_on_time=1, petitions_repeated=1)

    assert indicators["PETITION_PROCESSING_ON_TIME"].points == Decimal("1.50")  # 6 × 1/4
    assert indicators["PETITION_HANDLING_SATISFACTION"].points == Decimal("4.50")  # 6 × 3/4
    assert not indicators["PETITION_PROCESSING_ON_TIME"].no_data


def test_a_figure_the_system_does_not_hold_is_no_data_and_zero_points_not_hidden():
    indicators = score(dossiers_received=10, dossiers_on_time=10)

    for code in ("ELECTRONIC_CERTIFIED_COPY", "CITIZEN_DATA_CONNECTED_FORMALITY", "PUBLISH_ON_TIME"):
        assert indicators[code].no_data and indicators[code].points == 0
    assert indicators["SYNCED_WITH_DVCQG_PERSONAL_STORAGE"].points == 0  # 0 of 10: data, and 0
    assert not indicators["SYNCED_WITH_DVCQG_PERSONAL_STORAGE"].no_data
